namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// A charge the ledger recorded. Each consumed <c>ChargeCustomer</c> adds a new row with a new id: the consumer itself
/// does not deduplicate, so a second row for one reference means the inbox let a message take effect twice.
/// </summary>
public sealed class Charge
{
    public Guid Id { get; set; }

    public required string AccountId { get; set; }

    public decimal Amount { get; set; }

    public required string Reference { get; set; }
}
