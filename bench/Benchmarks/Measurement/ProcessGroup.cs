namespace Saga.Benchmarks.Measurement;

/// <summary>
/// Processes whose memory and CPU are added up under one name. The ids are looked up at every reading, so a group can
/// follow processes that come and go (PostgreSQL's backends, one per connection).
/// </summary>
public sealed record ProcessGroup(string Name, Func<IReadOnlyList<int>> ProcessIds)
{
    public static ProcessGroup Of(string name, int processId) => new(name, () => [processId]);
}
