using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;
using Saga.Operations;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;
using Saga.Operations.Outbox;
using Saga.Operations.Sagas;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Errors;
using Saga.OperatorConsole.Orders;
using Saga.OperatorConsole.Overview;
using Saga.OperatorConsole.Timeline;
using Saga.Settings.Database;

namespace Saga.OperatorConsole.Data;

/// <summary>
/// Everything the console's pages read, through the same queries as the <c>saga</c> tool (<see cref="SagaQueries"/>,
/// the error queue browser) with the same settings. A database or broker that cannot be reached becomes the
/// <see cref="OperationException"/>'s one line on the page, never a connection string or a password.
/// </summary>
public sealed class ConsoleReader(OperatorSettings settings, ConfiguredOutboxes outboxes, ConsoleBroker broker, IOptions<OperatorConsoleOptions> options,
    TimeProvider timeProvider)
{
    /// <summary>Messages read per error queue for the errors page (the count above says how many there are in all).</summary>
    public const int ErrorMessagesPerQueue = 200;

    OperatorConsoleOptions Options => options.Value;

    DateTime Now => timeProvider.GetUtcNow().UtcDateTime;

    public async Task<OverviewSnapshot> OverviewAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        Section<IReadOnlyList<StateCountRow>> states;
        Section<ThroughputSeries> throughput;
        Section<IReadOnlyList<StuckStateRow>> stuck;
        try
        {
            await using var database = await SagaDatabase.OpenAsync(settings, cancellationToken);
            var minutes = Options.ChartHours * 60;
            var stats = await new SagaQueries(database).StatsAsync(minutes, now, cancellationToken);
            var activity = new SagaActivityQueries(database);
            var compensations = await activity.CompensationsPerMinuteAsync(now.AddMinutes(-minutes), cancellationToken);
            var stuckCounts = await activity.StuckAsync(now - Options.StuckAfter, cancellationToken);
            states = Sections.Of<IReadOnlyList<StateCountRow>>([.. stats.States.Select(s => new StateCountRow(s.State, s.Count))]);
            throughput = Sections.Of<ThroughputSeries>(ThroughputSeries.Of(
                stats.CompletionsPerMinute.Select(c => (c.Minute, c.Count)), compensations.Select(c => (c.Minute, c.Count)), now, Options.ChartHours));
            stuck = Sections.Of<IReadOnlyList<StuckStateRow>>([.. stuckCounts.Select(s => new StuckStateRow(s.State, s.Count, Age(now, s.OldestUpdatedAt)))]);
        }
        catch (OperationException e)
        {
            states = Sections.Failed<IReadOnlyList<StateCountRow>>(e.Message);
            throughput = Sections.Failed<ThroughputSeries>(e.Message);
            stuck = Sections.Failed<IReadOnlyList<StuckStateRow>>(e.Message);
        }

        var outboxes = new List<OutboxBacklogRow>();
        foreach (var service in OutboxService.All)
            outboxes.Add(await BacklogAsync(service, now, cancellationToken));

        Section<IReadOnlyList<ErrorQueueRow>> errorQueues;
        try
        {
            var connection = await broker.ConnectionAsync(cancellationToken);
            var rows = new List<ErrorQueueRow>();
            foreach (var queue in ErrorQueues)
            {
                var count = await QueueProbe.MessageCountAsync(connection, queue, cancellationToken);
                rows.Add(new ErrorQueueRow(queue, count is not null, count ?? 0));
            }

            errorQueues = Sections.Of<IReadOnlyList<ErrorQueueRow>>(rows);
        }
        catch (OperationException e)
        {
            errorQueues = Sections.Failed<IReadOnlyList<ErrorQueueRow>>(e.Message);
        }
        catch (Exception e) when (IsBrokerFailure(e))
        {
            errorQueues = Sections.Failed<IReadOnlyList<ErrorQueueRow>>(BrokerLost(e).Message);
        }

        return new OverviewSnapshot(now, Options.StuckAfter, Options.ChartHours, states, throughput, stuck, outboxes, errorQueues);
    }

    /// <summary>The services' error queues, as <c>saga errors</c> finds them.</summary>
    public static IReadOnlyList<string> ErrorQueues => [.. ErrorQueueNames.ServiceQueues.Select(ErrorQueueNames.ErrorQueue).Distinct(StringComparer.Ordinal)];

    async Task<OutboxBacklogRow> BacklogAsync(OutboxService service, DateTime now, CancellationToken cancellationToken)
    {
        // The orchestrator's database is always there (it defaults to orchestrator.db, as the orchestrator does); a
        // participant's only where the settings have its section: the console may run next to the orchestrator alone.
        if (!outboxes.Services.Contains(service))
            return new OutboxBacklogRow(service.Name, Configured: false, null, 0, 0, null, null);

        string? description = null;
        try
        {
            var serviceSettings = settings.For(service);
            description = $"{serviceSettings.Database.Provider} {ConnectionStringDescription.Of(serviceSettings.Database)}";
            await using var database = await SagaDatabase.OpenAsync(serviceSettings, cancellationToken);
            var backlog = await new OutboxBacklogQuery(database).ReadAsync(cancellationToken);
            return new OutboxBacklogRow(service.Name, true, description, backlog.Undelivered, backlog.Dead,
                backlog.OldestCreatedAt is { } oldest ? Age(now, oldest) : null, null);
        }
        catch (OperationException e)
        {
            return new OutboxBacklogRow(service.Name, true, description, 0, 0, null, e.Message);
        }
    }

    public async Task<OrderList> OrdersAsync(OrderFilter filter, CancellationToken cancellationToken)
    {
        await using var database = await SagaDatabase.OpenAsync(settings, cancellationToken);
        var page = await new SagaQueries(database).ListAsync(filter.ToQuery(Options.PageSize), Now, cancellationToken);
        return new OrderList(filter, page);
    }

    /// <summary>The order and its timeline, or null when there is no such order.</summary>
    public async Task<OrderDetail?> OrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var database = await SagaDatabase.OpenAsync(settings, cancellationToken);
        var queries = new SagaQueries(database);
        if (await queries.FindAsync(orderId, cancellationToken) is not { } order)
            return null;
        var history = await queries.HistoryAsync(orderId, cancellationToken);
        return new OrderDetail(order, OrderTimeline.Of(history, Now));
    }

    public async Task<ErrorQueuesView> ErrorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var connection = await broker.ConnectionAsync(cancellationToken);
            var summaries = new List<ErrorQueueSummary>();
            foreach (var queue in ErrorQueues)
                summaries.Add(await ErrorQueueBrowser.BrowseAsync(connection, queue, ErrorMessagesPerQueue, cancellationToken));
            return new ErrorQueuesView(summaries, ErrorGroup.Of(summaries));
        }
        catch (Exception e) when (IsBrokerFailure(e))
        {
            throw BrokerLost(e);
        }
    }

    // The shared connection can drop between pages (a broker restart): the page says so, the next one reconnects.
    static bool IsBrokerFailure(Exception exception) => exception is RabbitMQClientException or OperationInterruptedException or IOException;

    static OperationException BrokerLost(Exception exception) =>
        new(OperationFailure.Unreachable, $"the connection to RabbitMQ failed while reading the error queues ({exception.Message}); the next refresh reconnects", exception);

    static TimeSpan Age(DateTime now, DateTime then) =>
        TimeSpan.FromSeconds(Math.Max(0, Math.Floor((now - then).TotalSeconds)));
}
