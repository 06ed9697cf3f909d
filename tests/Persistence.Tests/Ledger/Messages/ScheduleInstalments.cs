namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>A command to split a charge into <paramref name="Count"/> instalments, each announced in turn.</summary>
public sealed record ScheduleInstalments(string AccountId, int Count);
