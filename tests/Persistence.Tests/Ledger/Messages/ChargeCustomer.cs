namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>A command to charge an account once; the ledger's consumer records a <see cref="Charge"/> for it.</summary>
public sealed record ChargeCustomer(string AccountId, decimal Amount, string Reference);
