using System.Diagnostics;
using System.Globalization;
using Saga.Benchmarks.Measurement;
using Saga.Benchmarks.Metrics;
using Saga.Benchmarks.Statements;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// One phase: a fresh saga system (virtual host, databases, services), warm-up, the measured load, then the counters,
/// the outbox rows, and the checks once the services stopped.
/// </summary>
public static class SagaPhase
{
    /// <summary>
    /// How long the system is left quiet around the measured part. Longer than RabbitMQ's statistics interval (5 s) and
    /// PostgreSQL's idle statistics flush (10 s), so that both report everything of the window at its two ends.
    /// </summary>
    static readonly TimeSpan Quiet = TimeSpan.FromSeconds(12);

    public static async Task<PhaseResult> RunAsync(SagasOptions options, SagaBroker broker, PostgreSqlTestCluster postgreSql,
        string name, bool durable, CancellationToken cancellationToken)
    {
        await LockWaitLog.EnableAsync(postgreSql, cancellationToken);
        await using var system = await SagaSystem.CreateAsync(broker, postgreSql, name, durable, cancellationToken, options.Services);
        var management = broker.Management;
        Say(name, "migrating the services' databases (their `migrate` verb) and seeding the workload's data");
        await system.MigrateAsync(cancellationToken);
        await WorkloadSeeder.SeedAsync(system, cancellationToken);
        var seeded = await StockSnapshot.ReadAsync(system, cancellationToken);
        if (durable && options.History > 0)
        {
            var filling = Stopwatch.StartNew();
            await HistoryFiller.FillAsync(system.OrchestratorDatabase, options.History, cancellationToken);
            Say(name, $"pre-filled order_sagas with {options.History} finished sagas and their transitions in {filling.Elapsed.TotalSeconds:0.0} s");
        }

        Say(name, $"starting {options.ParticipantProcesses} participants process(es) and {options.Orchestrators} orchestrator(s)" +
                  (durable ? "" : " with Orchestrator:SagaRepository=InMemory and every Outbox:Enabled=false"));
        await system.StartAsync(options.Orchestrators, options.ParticipantProcesses, cancellationToken);

        var tracker = new SagaTracker();
        // A client connects to one node; on a cluster the services spread over the nodes they are given.
        var bus = await DriverBus.StartAsync(broker.FirstNode.Host, broker.FirstNode.Port, system, tracker, cancellationToken);
        try
        {
            var driver = new SagaDriver(bus, tracker);
            var groups = Groups(system, broker, postgreSql);
            await using var sampler = new ProcessSampler(groups);

            if (options.Warmup > 0)
            {
                Say(name, $"warm-up: {options.Warmup} sagas, {options.InFlight} in flight");
                var warmup = await driver.RunAsync(new LoadShape(options.Warmup, null, options.InFlight, null), null, cancellationToken);
                if (!await warmup.WaitUntilAllEndedAsync(options.DrainTimeout, cancellationToken))
                    Say(name, "warm-up: not every saga ended in time (the checks will say which)");
            }

            Say(name, $"quiet for {Quiet.TotalSeconds:0} s (counters catch up)");
            var quietFrom = await DatabaseCounters.ReadAsync(system, cancellationToken);
            var quietClock = Stopwatch.StartNew();
            await Task.Delay(Quiet, cancellationToken);
            var dbBefore = await DatabaseCounters.ReadAsync(system, cancellationToken);
            var tablesBefore = options.StatementStats ? await ServerStatistics.ReadTablesAsync(system.Databases, cancellationToken) : [];
            var indexesBefore = options.StatementStats ? await ServerStatistics.ReadIndexesAsync(system.Databases, cancellationToken) : [];
            var background = (dbBefore - quietFrom).Commits / quietClock.Elapsed.TotalSeconds;
            var brokerBefore = await management.CountersAsync(system.VirtualHost, cancellationToken);

            var loadBefore = MachineLoad.Read();
            var wallStart = DateTime.UtcNow;
            var logFrom = options.LogStatements ? StatementLog.Length(postgreSql.LogFile) : 0;
            var lockLogFrom = StatementLog.Length(postgreSql.LogFile);
            if (options.StatementStats)
                await ServerStatistics.ResetStatementsAsync(postgreSql.ConnectionString("postgres"), cancellationToken);
            using var scrape = new ServiceScrape();
            var racesBefore = options.Metrics ? await ReadRacesAsync(scrape, system, cancellationToken) : [];
            sampler.BeginWindow();
            var shape = new LoadShape(options.Sagas, options.Duration, options.InFlight, options.Rate);
            Say(name, $"measuring: {(options.Sagas is { } count ? $"{count} sagas" : $"{options.Duration!.Value.TotalSeconds:0} s")}, {options.Mode}");
            // For a profiler to attach now (dotnet-trace collect -p PID; perf record -g -p PID, with --perf-map).
            Say(name, "PIDs: " + string.Join(", ", groups.Where(x => !x.IsDriver).Select(x => $"{x.Name} {string.Join(" ", x.ProcessIds().Take(1))}")));
            LoadRun run;
            await using (var progress = new ProgressLine(name))
            {
                run = await driver.RunAsync(shape, progress.Follow, cancellationToken);
                if (!await run.WaitUntilAllEndedAsync(options.DrainTimeout, cancellationToken))
                    Say(name, $"not every measured saga ended within {options.DrainTimeout.TotalSeconds:0} s (the checks will say which)");
            }

            var processes = sampler.EndWindow();
            var logTo = options.LogStatements ? StatementLog.Length(postgreSql.LogFile) : 0;
            var lockLogTo = StatementLog.Length(postgreSql.LogFile);
            // Read at once: pg_stat_statements counts a statement when it ends, and the quiet time's polls are not the window's.
            var statementStatistics = options.StatementStats
                ? await ServerStatistics.ReadStatementsAsync(postgreSql.ConnectionString("postgres"),
                    ServerStatistics.ServicesByDatabase(system.Databases), cancellationToken)
                : null;
            var wallEnd = DateTime.UtcNow;
            var backends = await PostgreSqlBackends.CountAsync(postgreSql, system, cancellationToken);
            var loadAfter = MachineLoad.Read();
            var windowEnded = Stopwatch.StartNew();

            Say(name, $"quiet for {Quiet.TotalSeconds:0} s again, then reading the counters and the outbox rows");
            await Task.Delay(Quiet, cancellationToken);
            // After the quiet time: nothing ran since the window ended, and a scrape answer the exporter cached is fresh again.
            var racesAfter = options.Metrics ? await ReadRacesAsync(scrape, system, cancellationToken) : [];
            var races = racesAfter.Select(after => racesBefore.FirstOrDefault(x => x.Instance == after.Instance) is { } before ? after - before : null)
                .OfType<ServiceCounters>().ToList();
            var unscraped = options.Metrics
                ? system.Orchestrators.Select(x => x.Name).Where(x => races.All(r => r.Instance != x)).ToList()
                : [];
            var brokerAfter = await management.CountersAsync(system.VirtualHost, cancellationToken);
            var dbAfter = await DatabaseCounters.ReadAsync(system, cancellationToken);
            // Table and index counters reach the shared statistics up to ~10 s late, like the commits: read after the quiet time.
            var serverWork = statementStatistics is null
                ? null
                : new ServerWork(statementStatistics,
                    ServerWork.Difference(tablesBefore, await ServerStatistics.ReadTablesAsync(system.Databases, cancellationToken)),
                    ServerWork.Difference(indexesBefore, await ServerStatistics.ReadIndexesAsync(system.Databases, cancellationToken)));
            var databaseDelta = dbAfter - dbBefore;
            var commits = databaseDelta.Commits - (long)Math.Round(background * windowEnded.Elapsed.TotalSeconds);
            var outboxLag = durable ? await OutboxConfirmLag.ReadAsync(system, wallStart, wallEnd, cancellationToken) : null;
            var sagaRows = await Sql.ScalarAsync<long>(system.OrchestratorDatabase, "SELECT count(*) FROM order_sagas", cancellationToken)
                           - (durable ? options.History : 0);

            Say(name, "stopping the services, then checking every saga's effects");
            await system.StopAsync();
            var checks = await Verification.RunAsync(system, tracker, seeded, cancellationToken);
            var measured = run.Sagas.ToList();
            var servicesByDatabase = system.Databases.ToDictionary(
                x => new Npgsql.NpgsqlConnectionStringBuilder(x.ConnectionString).Database!, x => x.Service, StringComparer.Ordinal);
            var statements = options.LogStatements ? StatementLog.Count(postgreSql.LogFile, logFrom, logTo, servicesByDatabase) : null;
            var lockWaits = LockWaitLog.Count(postgreSql.LogFile, lockLogFrom, lockLogTo, servicesByDatabase);
            var queries = durable && measured.Count > 0
                ? await OperatorQueries.TimeAsync(system.OrchestratorDatabase, measured[measured.Count / 2].Plan.Order.OrderId, cancellationToken)
                : [];

            if (options.Verbose && checks.Any(x => !x.Passed))
                Console.WriteLine(system.ServiceOutput);

            return new PhaseResult
            {
                Name = name,
                Durable = durable,
                WarmupSagas = options.Warmup,
                MeasuredSagas = measured.Count(x => x.HasEnded),
                Window = run.Window,
                Latency = LatencySummary.Of(measured.Where(x => x.HasEnded).Select(x => x.Latency)),
                MaxStartLateness = run.MaxStartLateness,
                MaxInFlight = run.MaxInFlight,
                LastStartToLastEnd = Stopwatch.GetElapsedTime(run.LastStartedAt, run.LastEndedAt),
                Backends = backends,
                Statements = statements,
                ServerWork = serverWork,
                Broker = brokerAfter - brokerBefore,
                Commits = commits,
                BackgroundCommitsPerSecond = background,
                WriteTransactions = databaseDelta.NextTransactionId,
                OutboxLag = outboxLag,
                Processes = processes,
                LoadBefore = loadBefore,
                LoadAfter = loadAfter,
                SagaTableRows = sagaRows,
                Checks = checks,
                Queries = queries,
                Races = races,
                LockWaits = lockWaits,
                UnscrapedInstances = unscraped,
            };
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Each orchestrator's counters as its metrics endpoint reports them now; instances that did not answer are left out.</summary>
    static async Task<List<ServiceCounters>> ReadRacesAsync(ServiceScrape scrape, SagaSystem system, CancellationToken cancellationToken)
    {
        var counters = new List<ServiceCounters>();
        foreach (var orchestrator in system.Orchestrators)
        {
            if (await scrape.ReadAsync(orchestrator.Name, orchestrator.Id, cancellationToken) is { } read)
                counters.Add(read);
        }

        return counters;
    }

    static List<ProcessGroup> Groups(SagaSystem system, SagaBroker broker, PostgreSqlTestCluster postgreSql)
    {
        var groups = system.Orchestrators.Select(x => ProcessGroup.Of(x.Name, x.Id)).ToList();
        groups.AddRange(system.ParticipantProcesses.Select(x => ProcessGroup.Of(x.Name, x.Id)));

        // The broker is the Erlang VM whose command line names the node's private directory; on a cluster one per node.
        for (var i = 0; i < broker.Nodes.Count; i++)
        {
            var beam = ProcFs.FindByCommandLine("beam", broker.Nodes[i].DataDirectory);
            groups.Add(new ProcessGroup(broker.Nodes.Count == 1 ? "rabbitmq (beam)" : $"rabbitmq-{i + 1} (beam)", () => beam is { } id ? [id] : []));
        }

        // PostgreSQL: the postmaster (first line of postmaster.pid) and its children, one backend per connection.
        var postmaster = Postmaster(postgreSql);
        groups.Add(new ProcessGroup("postgresql (all)", () => postmaster is { } id ? [id, .. ProcFs.ChildrenOf(id)] : [], WithReapedChildren: true));
        groups.Add(new ProcessGroup("benchmark driver", () => [Environment.ProcessId], IsDriver: true));
        return groups;
    }

    static int? Postmaster(PostgreSqlTestCluster postgreSql)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(postgreSql.DataDirectory, "postmaster.pid")).First();
            return int.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return ProcFs.FindByCommandLine("postgres", postgreSql.DataDirectory);
        }
    }

    static void Say(string phase, string what) => Console.WriteLine($"sagas [{phase}]: {what}");
}
