namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>Published by the ledger, through its outbox, for every charge it records.</summary>
public sealed record ChargeRecorded(Guid ChargeId, string AccountId, decimal Amount, string Reference);
