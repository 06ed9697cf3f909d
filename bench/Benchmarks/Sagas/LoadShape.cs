namespace Saga.Benchmarks.Sagas;

/// <summary>
/// How a driver run starts sagas: <see cref="Count"/> of them or for <see cref="Duration"/>; keeping
/// <see cref="InFlight"/> running (closed loop) or, with a <see cref="Rate"/>, on a fixed schedule (open loop).
/// </summary>
public sealed record LoadShape(int? Count, TimeSpan? Duration, int InFlight, double? Rate);
