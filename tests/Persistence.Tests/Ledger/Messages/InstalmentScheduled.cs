namespace Saga.Persistence.Tests.Ledger.Messages;

/// <summary>One instalment of a <see cref="ScheduleInstalments"/>; numbered from 1 in the order the consumer published them.</summary>
public sealed record InstalmentScheduled(string AccountId, int Number);
