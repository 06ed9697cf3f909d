namespace Saga.Participants.Payment.Data;

/// <summary>One movement on a customer account; the ledger is append-only and explains <see cref="CustomerAccount.Used"/>.</summary>
public class LedgerEntry
{
    public LedgerEntry(Guid id, string customerId, Guid orderId, LedgerEntryKind kind, decimal amount, string currency, DateTimeOffset createdAt)
    {
        Id = id;
        CustomerId = customerId;
        OrderId = orderId;
        Kind = kind;
        Amount = amount;
        Currency = currency;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }

    public string CustomerId { get; private set; }

    public Guid OrderId { get; private set; }

    public LedgerEntryKind Kind { get; private set; }

    /// <summary>Never negative; <see cref="Kind"/> says which way the money moved.</summary>
    public decimal Amount { get; private set; }

    public string Currency { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}
