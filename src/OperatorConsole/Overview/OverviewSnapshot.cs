namespace Saga.OperatorConsole.Overview;

/// <summary>
/// Everything the overview shows, read at <see cref="RefreshedAt"/>. Each part is read on its own: a broker that does not
/// answer leaves the database's parts standing, and says so in its <c>Problem</c>.
/// </summary>
public sealed record OverviewSnapshot(
    DateTime RefreshedAt,
    TimeSpan StuckAfter,
    int ChartHours,
    Section<IReadOnlyList<StateCountRow>> States,
    Section<ThroughputSeries> Throughput,
    Section<IReadOnlyList<StuckStateRow>> Stuck,
    IReadOnlyList<OutboxBacklogRow> Outboxes,
    Section<IReadOnlyList<ErrorQueueRow>> ErrorQueues);
