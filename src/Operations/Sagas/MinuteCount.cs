namespace Saga.Operations.Sagas;

/// <summary>Completions in the minute starting at <see cref="Minute"/> (UTC).</summary>
public sealed record MinuteCount(DateTime Minute, long Count);
