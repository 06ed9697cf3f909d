namespace Saga.Operations.Sagas;

/// <summary>Counts per state, and completions per minute over the last <see cref="Minutes"/> minutes (minutes without any left out).</summary>
public sealed record SagaStats(IReadOnlyList<StateCount> States, long Total, int Minutes, long Completed, IReadOnlyList<MinuteCount> CompletionsPerMinute);
