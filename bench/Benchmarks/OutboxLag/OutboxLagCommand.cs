using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Benchmarks.Measurement;
using Saga.Persistence.Dialects;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>
/// <c>outbox-lag</c>: starts the servers, runs the bus outbox under the requested load, waits until every message was
/// confirmed, and reports how long each one waited between its commit and the broker's confirm.
/// </summary>
public static class OutboxLagCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(OutboxLagOptions.Usage);
            return 0;
        }

        OutboxLagOptions options;
        try
        {
            options = OutboxLagOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"outbox-lag: {e.Message}");
            Console.Error.WriteLine(OutboxLagOptions.Usage);
            return 2;
        }

        if (options.Provider == DatabaseProvider.Sqlite)
        {
            // SQLite's busy wait sleeps on a pool thread per writer waiting for the write lock; without spare threads the
            // writer holding the lock (or the delivery loop) would wait for the pool to grow, and that would be measured.
            ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
            ThreadPool.SetMinThreads(Math.Max(workerThreads, options.Writers * 2 + 16), completionPortThreads);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            return await RunAsync(options, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("outbox-lag: cancelled");
            return 130;
        }
        catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException)
        {
            // A writer's commit failed (SQLite's "database is locked", say) or delivery never finished: that is the
            // result, so say it plainly; the servers are stopped on the way out.
            Console.Error.WriteLine($"outbox-lag: failed: {e.GetBaseException().GetType().Name}: {e.GetBaseException().Message}");
            return 1;
        }
    }

    static async Task<int> RunAsync(OutboxLagOptions options, CancellationToken cancellationToken)
    {
        var startsServers = options.RabbitMqUri is null || options is { Provider: DatabaseProvider.PostgreSql, PostgreSqlConnectionString: null };
        Console.WriteLine(startsServers ? "outbox-lag: starting private servers" : "outbox-lag: connecting to the servers given");
        await using var servers = await BenchmarkServers.StartAsync(options, cancellationToken);
        await using var queue = await BoundQueue.DeclareAsync(servers.AmqpUri, cancellationToken);
        var host = OutboxLagHost.Build(options, servers);
        try
        {
            if (!await CreateTablesAsync(host.Services, cancellationToken))
            {
                Console.Error.WriteLine("outbox-lag: the database already has tables; give --postgresql an empty database");
                return 2;
            }

            await host.StartAsync(cancellationToken);
            var result = await MeasureAsync(host.Services, options, servers, queue, cancellationToken);
            OutboxLagReport.Print(result, Console.Out);
            return result.Undelivered == 0 ? 0 : 1;
        }
        finally
        {
            // The bus and the delivery loop stop before the servers they talk to.
            await host.StopAsync(CancellationToken.None);
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    static async Task<bool> CreateTablesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxLagDbContext>().Database.EnsureCreatedAsync(cancellationToken);
    }

    static async Task<OutboxLagResult> MeasureAsync(IServiceProvider services, OutboxLagOptions options, BenchmarkServers servers,
        BoundQueue queue, CancellationToken cancellationToken)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var generator = new LoadGenerator(scopes, clock, options);
        var reader = new DeliveryReader(scopes);

        // Connections, channels, exchanges and JIT-compiled paths are set up by the warm-up, which is delivered in full
        // before the measured part starts, so that it starts from an empty outbox.
        var warmup = new LoadResult([], [], 0, TimeSpan.Zero, default, default, 0);
        if (options.WarmupCommits > 0)
        {
            Console.WriteLine($"outbox-lag: warm-up, {options.WarmupCommits * options.MessagesPerCommit} messages");
            warmup = await generator.RunAsync(new CommitSchedule(options.WarmupCommits, null, null), cancellationToken);
            if (!await reader.WaitUntilAllDeliveredAsync(options.DrainTimeout, cancellationToken))
                throw new TimeoutException($"The warm-up's messages were not all delivered within {options.DrainTimeout.TotalSeconds:0} s");
        }

        Console.WriteLine(options.Messages is { } messages
            ? $"outbox-lag: measuring {options.Commits * options.MessagesPerCommit} messages ({messages} asked) with {options.Writers} writer(s)"
            : $"outbox-lag: measuring for {options.Duration!.Value.TotalSeconds:0} s with {options.Writers} writer(s)");
        var loadBefore = MachineLoad.Read();
        var schedule = new CommitSchedule(options.Commits, options.Duration, options.Rate / options.MessagesPerCommit);
        var writing = generator.RunAsync(schedule, cancellationToken);
        var backlog = await new BacklogSampler(scopes).SampleUntilAsync(writing, cancellationToken);
        var load = await writing;

        Console.WriteLine("outbox-lag: waiting for the last confirms");
        await reader.WaitUntilAllDeliveredAsync(options.DrainTimeout, cancellationToken);
        var loadAfter = MachineLoad.Read();
        var delivered = await reader.ReadDeliveredAsync(cancellationToken);

        var lags = new List<TimeSpan>(load.Messages.Count);
        var writtenToConfirm = new List<TimeSpan>(load.Messages.Count);
        var lastConfirm = load.StartedAt;
        foreach (var message in load.Messages)
        {
            if (!delivered.TryGetValue(message.MessageId, out var row))
                continue;

            lags.Add(row.DeliveredAt - message.CommittedAt);
            writtenToConfirm.Add(row.DeliveredAt - row.SentTime);
            if (row.DeliveredAt > lastConfirm)
                lastConfirm = row.DeliveredAt;
        }

        return new OutboxLagResult
        {
            Options = options,
            Database = await DatabaseDescription.ReadAsync(services, options.Provider, cancellationToken),
            BrokerVersion = queue.BrokerVersion,
            PrivateServers = servers.ArePrivate,
            ClockStep = ClockResolution.Observe(clock),
            Load = load,
            Lag = LatencySummary.Of(lags),
            WrittenToConfirm = LatencySummary.Of(writtenToConfirm),
            Save = LatencySummary.Of(load.SaveDurations),
            Undelivered = load.Messages.Count - lags.Count,
            NegativeLags = lags.Count(x => x < TimeSpan.Zero),
            FirstWriteToLastConfirm = lastConfirm - load.StartedAt,
            Drain = lastConfirm - load.LastCommittedAt,
            Backlog = backlog,
            Tables = await OutboxTableCounts.ReadAsync(services, cancellationToken),
            QueuedMessages = await queue.CountMessagesAsync(cancellationToken),
            WarmupMessagesSent = warmup.Messages.Count,
            LoadBefore = loadBefore,
            LoadAfter = loadAfter,
        };
    }
}
