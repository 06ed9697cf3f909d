namespace Saga.OperatorConsole.Overview;

/// <summary>
/// One service's outbox: whether its database is configured, and then how many batches wait for delivery (dead ones
/// included, which wait for an operator), and how old the oldest is; or why it could not be read.
/// </summary>
public sealed record OutboxBacklogRow(string Service, bool Configured, string? Database, long Undelivered, long Dead, TimeSpan? OldestAge, string? Problem);
