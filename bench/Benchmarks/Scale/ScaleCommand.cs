using System.Globalization;
using System.Text.Json;
using Saga.Benchmarks.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Scale;

/// <summary>
/// <c>scale</c>: one RabbitMQ node (or a cluster) and PostgreSQL cluster, then one durable closed-loop phase per number of orchestrator
/// instances (each on a fresh virtual host, databases and services), a line after each, and at the end all lines as one
/// table and one JSON line (starting <c>{"benchmark":"scale"</c>). Exit code 0 only if every phase passed its checks.
/// </summary>
public static class ScaleCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(ScaleOptions.Usage);
            return 0;
        }

        ScaleOptions options;
        try
        {
            options = ScaleOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"scale: {e.Message}");
            Console.Error.WriteLine(ScaleOptions.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        Console.WriteLine($"scale: starting {SagaServers.Describe(options.Phase.ClusterNodes)} and a PostgreSQL cluster" + (options.Phase.Fsync ? " (fsync on)" : ""));
        var servers = await SagaServers.StartAsync(options.Phase.ClusterNodes, options.Phase.Cluster, stop.Token);
        var runs = new List<(SagasOptions Options, PhaseResult Phase)>();
        try
        {
            foreach (var run in options.Runs)
            {
                var phase = await SagaPhase.RunAsync(run, servers.Broker, servers.PostgreSql, $"scale-o{run.Orchestrators}", durable: true, stop.Token);
                runs.Add((run, phase));
                Console.WriteLine($"scale: {Header}");
                Console.WriteLine($"scale: {Line(run, phase)}");
                foreach (var line in Detail(phase))
                    Console.WriteLine($"scale:   {line}");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("scale: cancelled");
        }
        finally
        {
            await servers.DisposeAsync();
        }

        var phase0 = options.Phase;
        Console.WriteLine();
        Console.WriteLine($"servers  {SagaServers.Describe(phase0.ClusterNodes)}, {phase0.ParticipantProcesses} participants process(es); {SagasReport.Durability(phase0)}; {phase0.Mode}; {phase0.Sagas} sagas after {phase0.Warmup} warm-up each; " +
                          $"saga concurrency {(phase0.SagaConcurrency?.ToString() ?? "Optimistic").ToLowerInvariant()}; {Environment.ProcessorCount} CPU(s) shared by everything");
        Console.WriteLine(Header);
        foreach (var (run, phase) in runs)
            Console.WriteLine(Line(run, phase));
        foreach (var (_, phase) in runs)
        {
            foreach (var line in Detail(phase))
                Console.WriteLine($"  {phase.Name}: {line}");
        }

        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["benchmark"] = "scale",
            ["fsync"] = phase0.Fsync,
            ["cluster_nodes"] = phase0.ClusterNodes,
            ["participant_processes"] = phase0.ParticipantProcesses,
            ["saga_concurrency"] = (phase0.SagaConcurrency?.ToString() ?? "Optimistic").ToLowerInvariant(),
            ["in_flight"] = phase0.InFlight,
            ["sagas"] = phase0.Sagas,
            ["warmup"] = phase0.Warmup,
            ["cpus"] = Environment.ProcessorCount,
            ["runs"] = runs.Select(x => Json(x.Options, x.Phase)).ToList(),
        }));
        return stop.IsCancellationRequested ? 130 : runs.Count == options.Orchestrators.Count && runs.All(x => x.Phase.Passed) ? 0 : 1;
    }

    const string Header =
        "orch  checks  sagas/s   p50 ms   p99 ms  CPU ms/saga  orchestrator(s) ms/saga   participants  postgresql  rabbitmq  conflicts/1k  retries/1k  lock waits/1k  load before→after";

    static string Line(SagasOptions options, PhaseResult phase)
    {
        var n = Math.Max(phase.MeasuredSagas, 1);
        string PerSaga(IEnumerable<Measurement.ProcessUsage> processes) =>
            string.Join(" / ", processes.Select(x => (x.CpuSeconds * 1000 / n).ToString("0.0", CultureInfo.InvariantCulture)));
        var orchestrators = phase.Processes.Where(x => x.Name.StartsWith("orchestrator", StringComparison.Ordinal)).ToList();
        var participants = phase.Processes.Where(x => x.Name.StartsWith("participants", StringComparison.Ordinal)).ToList();
        var postgres = phase.Processes.Where(x => x.Name.StartsWith("postgresql", StringComparison.Ordinal)).ToList();
        var rabbit = phase.Processes.Where(x => x.Name.StartsWith("rabbitmq", StringComparison.Ordinal)).ToList();
        var perThousand = 1000.0 / n;
        var races = phase.RaceTotal;
        var counted = phase.Races.Count > 0 && phase.UnscrapedInstances.Count == 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{options.Orchestrators,4}  {(phase.Passed ? "ok" : "FAIL"),-6}  {phase.SagasPerSecond,7:0.0}  {phase.Latency.P50Ms,7:0}  {phase.Latency.P99Ms,7:0}  " +
            $"{phase.CpuMsPerSaga,11:0.0}  {PerSaga(orchestrators),-23}  {PerSaga(participants),12}  {PerSaga(postgres),10}  {rabbit.Sum(x => x.CpuSeconds) * 1000 / n,8:0.0}  " +
            $"{(counted ? (races.Conflicts * perThousand).ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),12}  " +
            $"{(counted ? (phase.Retries * perThousand).ToString("0.00", CultureInfo.InvariantCulture) : "n/a"),10}  " +
            $"{(phase.OrchestratorLockWaits * perThousand).ToString("0.00", CultureInfo.InvariantCulture),13}  " +
            $"{phase.LoadBefore.LoadAverage?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"}→{phase.LoadAfter.LoadAverage?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a"}");
    }

    /// <summary>What the line leaves out: failed checks, instances without metrics, each instance's counts.</summary>
    static IEnumerable<string> Detail(PhaseResult phase)
    {
        foreach (var failed in phase.Checks.Where(x => !x.Passed))
            yield return $"FAIL {failed.Name}: {failed.Detail}";
        if (phase.UnscrapedInstances.Count > 0)
            yield return $"no metrics from {string.Join(", ", phase.UnscrapedInstances)}";
        if (phase.LockWaits.Count > 0)
            yield return "lock waits ≥ 10 ms (PostgreSQL's log): " + string.Join(", ", phase.LockWaits.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}"));
        foreach (var instance in phase.Races)
        {
            var races = instance.Total;
            yield return $"{instance.Instance}: {races.VersionConflicts} version conflicts, {races.InsertRaces} insert races, {instance.Retries} retries" +
                         (races.LockedReads > 0 ? $", {races.LockedReads} locked reads (mean {races.LockSeconds * 1000 / races.LockedReads:0.00} ms, {races.SlowLockedReads} over 10 ms)" : "");
        }
    }

    static Dictionary<string, object?> Json(SagasOptions options, PhaseResult phase)
    {
        var n = Math.Max(phase.MeasuredSagas, 1);
        var races = phase.RaceTotal;
        return new Dictionary<string, object?>
        {
            ["orchestrators"] = options.Orchestrators,
            ["passed"] = phase.Passed,
            ["sagas_per_s"] = Math.Round(phase.SagasPerSecond, 2),
            ["p50_ms"] = Math.Round(phase.Latency.P50Ms, 1),
            ["p99_ms"] = Math.Round(phase.Latency.P99Ms, 1),
            ["cpu_ms_per_saga"] = Math.Round(phase.CpuMsPerSaga, 2),
            ["processes"] = phase.Processes.Where(x => !x.IsDriver)
                .ToDictionary(x => x.Name, x => (object?)Math.Round(x.CpuSeconds * 1000 / n, 2)),
            ["version_conflicts"] = races.VersionConflicts,
            ["insert_races"] = races.InsertRaces,
            ["retries"] = phase.Retries,
            ["locked_reads"] = races.LockedReads,
            ["locked_reads_over_10ms"] = races.SlowLockedReads,
            ["lock_waits"] = phase.LockWaits,
            ["unscraped_instances"] = phase.UnscrapedInstances,
            ["load_before"] = phase.LoadBefore.LoadAverage,
            ["load_after"] = phase.LoadAfter.LoadAverage,
        };
    }
}
