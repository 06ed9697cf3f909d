namespace Saga.Persistence.Outbox;

/// <summary>The lease a writer puts on its batch: the instance that will send it right after the commit, and for how long.</summary>
public sealed record OutboxLease(string Owner, TimeSpan Duration);
