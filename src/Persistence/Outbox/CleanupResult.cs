namespace Saga.Persistence.Outbox;

/// <summary>Rows one cleanup run removed.</summary>
public readonly record struct CleanupResult(int InboxRows, int OutboxMessages);
