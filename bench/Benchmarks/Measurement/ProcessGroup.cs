namespace Saga.Benchmarks.Measurement;

/// <summary>
/// Processes whose memory and CPU are added up under one name. The ids are looked up at every reading, so a group can
/// follow processes that come and go (PostgreSQL's backends, one per connection); with
/// <paramref name="WithReapedChildren"/> the CPU of those that ended is still counted, in their parent's.
/// </summary>
public sealed record ProcessGroup(string Name, Func<IReadOnlyList<int>> ProcessIds, bool WithReapedChildren = false, bool IsDriver = false)
{
    public static ProcessGroup Of(string name, int processId) => new(name, () => [processId]);
}
