using Saga.Operations.Sagas;

namespace Saga.OperatorConsole.Timeline;

/// <summary>
/// A transition of an order's timeline and how long the order then stayed in the state it entered: until the next
/// transition, or until now while it is still there (<see cref="Current"/>); none for a final state the order rests in.
/// <see cref="Share"/> is the time relative to the longest one (0 to 1), which <see cref="Slowest"/> marks.
/// </summary>
public sealed record TimelineEntry(SagaTransition Transition, TimeSpan? TimeInState, bool Current, bool Slowest, double Share);
