using System.Text.Encodings.Web;
using System.Text.Json;
using Saga.Benchmarks.Measurement;
using Saga.Benchmarks.Metrics;
using Saga.Benchmarks.Statements;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Prints the phases as tables for people and one JSON line (starting <c>{"benchmark":"sagas"</c>) for scripts. Figures
/// of a phase whose checks failed are printed marked INVALID and left out of the JSON line.
/// </summary>
public static class SagasReport
{
    static readonly JsonSerializerOptions JsonLine = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print(SagasOptions options, string brokerVersion, string databaseVersion, IReadOnlyList<PhaseResult> phases, TextWriter output)
    {
        foreach (var phase in phases)
            PrintPhase(options, phase, output);

        var durable = phases.FirstOrDefault(x => x.Durable);
        var baseline = phases.FirstOrDefault(x => !x.Durable);
        double? ratio = durable is { Passed: true } && baseline is { Passed: true } ? durable.SagasPerSecond / baseline.SagasPerSecond : null;
        output.WriteLine();
        output.WriteLine($"servers     RabbitMQ {brokerVersion}" + (options.ClusterNodes > 0 ? $" (a cluster of {options.ClusterNodes} nodes)" : "") +
                         $", {databaseVersion} (private, {Durability(options)}); {Environment.ProcessorCount} CPU(s) shared by everything");
        if (options.Tuning is { Length: > 0 } tuning)
            output.WriteLine($"services    {tuning}");
        if (ratio is { } r)
        {
            output.WriteLine($"summary     durable {durable!.SagasPerSecond:0.0} sagas/s, baseline {baseline!.SagasPerSecond:0.0} sagas/s: durable ÷ baseline = {r:0.00}" +
                             (baseline.SagaTableRows > 0 ? " (but the baseline wrote order_sagas rows: it ran durable)" : ""));
        }
        else if (durable is { Passed: true })
        {
            output.WriteLine($"summary     durable {durable.SagasPerSecond:0.0} sagas/s, p50 {durable.Latency.P50Ms:0} ms, p99 {durable.Latency.P99Ms:0} ms");
        }

        var failed = phases.Where(x => !x.Passed).Select(x => x.Name).ToList();
        output.WriteLine(failed.Count == 0 ? "result      every check passed" : $"result      CHECKS FAILED in {string.Join(", ", failed)}: no figure above is valid");

        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["benchmark"] = "sagas",
            ["passed"] = failed.Count == 0,
            ["mode"] = options.Rate is null ? "closed" : "open",
            ["in_flight"] = options.Rate is null ? options.InFlight : null,
            ["rate"] = options.Rate,
            ["warmup"] = options.Warmup,
            ["history"] = options.History,
            ["orchestrators"] = options.Orchestrators,
            ["saga_concurrency"] = options.SagaConcurrency?.ToString().ToLowerInvariant(),
            ["participant_processes"] = options.ParticipantProcesses,
            ["cluster_nodes"] = options.ClusterNodes,
            ["broker"] = $"RabbitMQ {brokerVersion}",
            ["database"] = databaseVersion,
            ["fsync"] = options.Fsync,
            ["prefetch"] = options.Prefetch,
            ["concurrent_message_limit"] = options.Concurrency,
            ["max_pool_size"] = options.MaxPoolSize,
            ["cpus"] = Environment.ProcessorCount,
            ["durable_over_baseline"] = ratio,
            ["phases"] = phases.Where(x => x.Passed).Select(x => Json(options, x)).ToList(),
        }, JsonLine));
    }

    public static string Durability(SagasOptions options) =>
        options.Fsync ? "fsync, synchronous_commit, full_page_writes on" : "fsync, synchronous_commit, full_page_writes off";

    /// <summary>
    /// Whether the open loop kept up: every start on schedule (none more than 100 ms late) and the sagas ending at 95 % of
    /// the rate or more over the window (a growing backlog stretches the window, and the rate falls). Null in the closed loop.
    /// </summary>
    public static bool? KeptUp(SagasOptions options, PhaseResult phase) =>
        options.Rate is { } rate ? phase.MaxStartLateness <= TimeSpan.FromMilliseconds(100) && phase.SagasPerSecond >= 0.95 * rate : null;

    static void PrintPhase(SagasOptions options, PhaseResult phase, TextWriter output)
    {
        var n = Math.Max(phase.MeasuredSagas, 1);
        var seconds = phase.Window.TotalSeconds;
        output.WriteLine();
        output.WriteLine($"== {phase.Name}: " + (phase.Durable
            ? "EF Core saga repository on PostgreSQL, transactional outbox + inbox everywhere"
            : "in-memory saga repository, no outbox / inbox (participants still on PostgreSQL)") +
            (phase.Passed ? "" : "   *** INVALID: a check failed ***"));
        output.WriteLine($"load        {options.Mode}; {phase.MeasuredSagas} sagas measured after {phase.WarmupSagas} warm-up; window {seconds:0.00} s");
        if (KeptUp(options, phase) is { } keptUp)
        {
            output.WriteLine($"open loop   {(keptUp ? "kept up" : "DID NOT KEEP UP")}: latest start {phase.MaxStartLateness.TotalMilliseconds:0.0} ms behind schedule, " +
                             $"{phase.SagasPerSecond:0.0} of {options.Rate:0.##} sagas/s ended, at most {phase.MaxInFlight} in flight at a start, " +
                             $"last start → last end {phase.LastStartToLastEnd.TotalMilliseconds:0} ms");
        }
        output.WriteLine($"throughput  {phase.SagasPerSecond:0.0} sagas/s reached a terminal state");
        var l = phase.Latency;
        output.WriteLine($"latency     start → terminal: p50 {l.P50Ms:0.0}  p95 {l.P95Ms:0.0}  p99 {l.P99Ms:0.0}  max {l.MaxMs:0.0} ms (mean {l.MeanMs:0.0})");
        output.WriteLine($"broker      {phase.Broker.Published / seconds:0} msgs/s published, {phase.Broker.Delivered / seconds:0} msgs/s delivered " +
                         $"({(double)phase.Broker.Published / n:0.0} / {(double)phase.Broker.Delivered / n:0.0} per saga)");
        output.WriteLine($"database    {(double)phase.Commits / n:0.0} committed transactions per saga (pg_stat_database, background " +
                         $"{phase.BackgroundCommitsPerSecond:0.0}/s after the window subtracted), {(double)phase.WriteTransactions / n:0.0} write transactions " +
                         $"(xids) per saga; {phase.Commits / seconds:0} commits/s");
        if (phase.OutboxLag is { } lag)
        {
            output.WriteLine($"outbox      written → confirm (upper bound of commit → confirm), {lag.All.Count} messages: p50 {lag.All.P50Ms:0.0}  " +
                             $"p99 {lag.All.P99Ms:0.0}  max {lag.All.MaxMs:0.0} ms; " +
                             string.Join(", ", lag.PerService.Select(x => $"{x.Key} p50 {x.Value.P50Ms:0.0} / p99 {x.Value.P99Ms:0.0}")) +
                             (lag.Undelivered > 0 ? $"; {lag.Undelivered} undelivered" : ""));
        }

        output.WriteLine($"saga table  {phase.SagaTableRows} rows written by the run" + (phase.Durable ? "" : phase.SagaTableRows == 0
            ? " (the baseline really ran with the in-memory repository)"
            : " — the services ignored Orchestrator:SagaRepository=InMemory: this baseline ran durable"));
        output.WriteLine($"{"process",-22}{"RSS after warm-up",20}{"peak RSS",12}{"CPU s",10}{"CPU %",8}");
        foreach (var p in phase.Processes)
        {
            output.WriteLine($"{p.Name,-22}{p.RssAtStartMiB,16:0} MiB{p.PeakRssMiB,8:0} MiB{p.CpuSeconds,10:0.0}{p.CpuSeconds / seconds * 100,7:0}%" +
                             (p.Processes == 0 ? "  (not found)" : p.Processes > 1 ? $"  ({p.Processes} processes)" : ""));
        }

        output.WriteLine($"CPU         {phase.CpuMsPerSaga:0.0} ms per saga over the system's processes (" +
                         string.Join(", ", phase.Processes.Where(x => !x.IsDriver).Select(x => $"{x.Name} {x.CpuSeconds * 1000 / n:0.0}")) +
                         $"); benchmark driver {phase.DriverCpuSeconds * 1000 / n:0.0} ms per saga");
        if (phase.Backends.Count > 0)
        {
            output.WriteLine($"backends    {phase.Backends.Values.Sum()} PostgreSQL client backends open at the window's end (" +
                             string.Join(", ", phase.Backends.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}")) + ")");
        }

        PrintRaces(phase, output);
        phase.Statements?.Print(phase.MeasuredSagas, output);
        phase.ServerWork?.Print(phase.MeasuredSagas, output);
        output.WriteLine($"machine     load average (1 min) {phase.LoadBefore.LoadAverage?.ToString("0.00") ?? "n/a"} before, " +
                         $"{phase.LoadAfter.LoadAverage?.ToString("0.00") ?? "n/a"} after");
        foreach (var check in phase.Checks)
            output.WriteLine($"check       {(check.Passed ? "ok  " : "FAIL")}  {check.Name}: {check.Detail}");
        foreach (var query in phase.Queries)
        {
            output.WriteLine($"query       {query.Name,-36} median {query.MedianMs,7:0.00} ms  max {query.MaxMs,7:0.00} ms  " +
                             string.Join(", ", query.PlanNodes));
            if (options.Verbose)
                output.WriteLine("            " + query.Plan.Replace("\n", "\n            ", StringComparison.Ordinal));
        }
    }

    /// <summary>The saga repository's races in the window, per orchestrator instance and together, per 1000 measured sagas.</summary>
    static void PrintRaces(PhaseResult phase, TextWriter output)
    {
        var perThousand = 1000.0 / Math.Max(phase.MeasuredSagas, 1);
        foreach (var instance in phase.Races)
        {
            var races = instance.Total;
            output.WriteLine($"races       {instance.Instance}: {races.VersionConflicts} version conflicts, {races.InsertRaces} insert races, " +
                             $"{instance.Retries} consume retries" + (races.LockedReads > 0
                                 ? $"; {races.LockedReads} locked reads, mean {races.LockSeconds * 1000 / races.LockedReads:0.00} ms, " +
                                   $"{races.SlowLockedReads} over {SagaRaceCounts.SlowLock * 1000:0} ms"
                                 : "") +
                             (instance.BySagaType.Count > 1 ? " (" + string.Join(", ", instance.BySagaType.Select(x => $"{x.Key} {x.Value.Conflicts}")) + ")" : ""));
        }

        if (phase.Races.Count > 0)
        {
            var total = phase.RaceTotal;
            output.WriteLine($"races       all: {total.Conflicts * perThousand:0.00} conflicts per 1000 sagas ({total.VersionConflicts} version, " +
                             $"{total.InsertRaces} insert), {phase.Retries * perThousand:0.00} retries per 1000 sagas" +
                             (total.LockedReads > 0 ? $", {total.SlowLockedReads * perThousand:0.00} locked reads over {SagaRaceCounts.SlowLock * 1000:0} ms per 1000 sagas" : ""));
        }

        output.WriteLine($"lock waits  ≥ {LockWaitLog.Threshold.TotalMilliseconds:0} ms, as PostgreSQL logged them (log_lock_waits): " + (phase.LockWaits.Count == 0
            ? "none"
            : string.Join(", ", phase.LockWaits.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}"))));
        if (phase.UnscrapedInstances.Count > 0)
            output.WriteLine($"races       no metrics from {string.Join(", ", phase.UnscrapedInstances)}: their races are not counted above");
    }

    static Dictionary<string, object?> Json(SagasOptions options, PhaseResult phase)
    {
        var seconds = phase.Window.TotalSeconds;
        var n = Math.Max(phase.MeasuredSagas, 1);
        return new Dictionary<string, object?>
        {
            ["phase"] = phase.Name,
            ["sagas"] = phase.MeasuredSagas,
            ["window_s"] = Math.Round(seconds, 3),
            ["sagas_per_s"] = Math.Round(phase.SagasPerSecond, 2),
            ["latency_ms"] = Percentiles(phase.Latency),
            ["kept_up"] = KeptUp(options, phase),
            ["max_start_lateness_ms"] = Math.Round(phase.MaxStartLateness.TotalMilliseconds, 1),
            ["max_in_flight"] = phase.MaxInFlight,
            ["last_start_to_last_end_ms"] = Math.Round(phase.LastStartToLastEnd.TotalMilliseconds, 1),
            ["cpu_ms_per_saga"] = Math.Round(phase.CpuMsPerSaga, 2),
            ["driver_cpu_ms_per_saga"] = Math.Round(phase.DriverCpuSeconds * 1000 / n, 2),
            ["backends"] = phase.Backends,
            ["statements"] = phase.Statements?.Json(phase.MeasuredSagas),
            ["server_work"] = phase.ServerWork?.Json(phase.MeasuredSagas),
            ["broker_published_per_s"] = Math.Round(phase.Broker.Published / seconds, 1),
            ["broker_delivered_per_s"] = Math.Round(phase.Broker.Delivered / seconds, 1),
            ["commits_per_saga"] = Math.Round((double)phase.Commits / n, 2),
            ["write_xids_per_saga"] = Math.Round((double)phase.WriteTransactions / n, 2),
            ["outbox_written_to_confirm_ms"] = phase.OutboxLag is { } lag
                ? new Dictionary<string, object?> { ["count"] = lag.All.Count, ["p50"] = Round(lag.All.P50Ms), ["p99"] = Round(lag.All.P99Ms) }
                : null,
            ["saga_table_rows"] = phase.SagaTableRows,
            ["processes"] = phase.Processes.Select(p => new Dictionary<string, object?>
            {
                ["name"] = p.Name,
                ["rss_after_warmup_mib"] = Math.Round(p.RssAtStartMiB, 1),
                ["peak_rss_mib"] = Math.Round(p.PeakRssMiB, 1),
                ["cpu_s"] = Math.Round(p.CpuSeconds, 2),
                ["cpu_ms_per_saga"] = Math.Round(p.CpuSeconds * 1000 / n, 2),
            }).ToList(),
            ["races"] = phase.Races.Select(r => new Dictionary<string, object?>
            {
                ["instance"] = r.Instance,
                ["retries"] = r.Retries,
                ["by_saga_type"] = r.BySagaType.ToDictionary(x => x.Key, x => (object?)new Dictionary<string, object?>
                {
                    ["version_conflicts"] = x.Value.VersionConflicts,
                    ["insert_races"] = x.Value.InsertRaces,
                    ["locked_reads"] = x.Value.LockedReads,
                    ["lock_ms"] = Math.Round(x.Value.LockSeconds * 1000, 1),
                    ["locked_reads_over_10ms"] = x.Value.SlowLockedReads,
                }),
            }).ToList(),
            ["unscraped_instances"] = phase.UnscrapedInstances,
            ["lock_waits"] = phase.LockWaits,
            ["load_before"] = phase.LoadBefore.LoadAverage,
            ["load_after"] = phase.LoadAfter.LoadAverage,
            ["queries"] = phase.Queries.Select(q => new Dictionary<string, object?>
            {
                ["name"] = q.Name,
                ["median_ms"] = Round(q.MedianMs),
                ["max_ms"] = Round(q.MaxMs),
                ["plan"] = q.PlanNodes,
            }).ToList(),
        };
    }

    static Dictionary<string, object?> Percentiles(LatencySummary l) => new()
    {
        ["p50"] = Round(l.P50Ms),
        ["p95"] = Round(l.P95Ms),
        ["p99"] = Round(l.P99Ms),
        ["max"] = Round(l.MaxMs),
    };

    static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 2);
}
