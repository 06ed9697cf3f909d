namespace Saga.OperatorConsole.Overview;

/// <summary>An error queue of one of the services' queues, and how many messages wait in it (none when it does not exist yet).</summary>
public sealed record ErrorQueueRow(string Queue, bool Exists, long Count);
