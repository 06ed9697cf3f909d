namespace Saga.Persistence.Tests.Transitions;

public sealed record StartAudit(Guid Id, bool Remind = false);

/// <summary>A second shape of <see cref="StartAudit"/>, starting the saga on flow version 2.</summary>
public sealed record StartAuditV2(Guid Id);

public sealed record AdvanceAudit(Guid Id);

public sealed record AuditReminder(Guid Id);

/// <summary>Nested, its URN is longer than the history's message type column.</summary>
public sealed record Wrapped<T>(Guid Id, T? Inner);
