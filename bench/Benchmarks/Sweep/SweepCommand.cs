using System.Globalization;
using System.Text.Json;
using Saga.Benchmarks.Sagas;
using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sweep;

/// <summary>
/// <c>sweep</c>: one RabbitMQ node and PostgreSQL cluster, then a short durable phase per combination of prefetch count,
/// concurrent message limit and connection pool size, each printed as one line when it ends, and all of them as one JSON
/// line (starting <c>{"benchmark":"sweep"</c>) at the end. Exit code 0 only if every phase passed its checks.
/// </summary>
public static class SweepCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(SweepOptions.Usage);
            return 0;
        }

        SweepOptions options;
        try
        {
            options = SweepOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"sweep: {e.Message}");
            Console.Error.WriteLine(SweepOptions.Usage);
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        Console.WriteLine("sweep: starting a private RabbitMQ node and PostgreSQL cluster" + (options.Phase.Fsync ? " (fsync on)" : ""));
        var servers = await SagaServers.StartAsync(0, options.Phase.Cluster, stop.Token);
        var lines = new List<string>();
        var results = new List<Dictionary<string, object?>>();
        try
        {
            foreach (var combination in options.Combinations)
            {
                var name = $"sweep-p{combination.Prefetch}-c{combination.Concurrency}-m{combination.MaxPoolSize}";
                var phase = await SagaPhase.RunAsync(combination, servers.Broker, servers.PostgreSql, name, durable: true, stop.Token);
                var line = Line(combination, phase);
                lines.Add(line);
                results.Add(Json(combination, phase));
                Console.WriteLine($"sweep: {Header}");
                Console.WriteLine($"sweep: {line}");
                foreach (var failed in phase.Checks.Where(x => !x.Passed))
                    Console.WriteLine($"sweep:   FAIL {failed.Name}: {failed.Detail}");
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Console.Error.WriteLine("sweep: cancelled");
        }
        finally
        {
            await servers.DisposeAsync();
        }

        Console.WriteLine();
        Console.WriteLine($"servers  {SagasReport.Durability(options.Phase)}; {options.Phase.Mode}; {options.Phase.Sagas} sagas after {options.Phase.Warmup} warm-up each; " +
                          $"{Environment.ProcessorCount} CPU(s)");
        Console.WriteLine(Header);
        foreach (var line in lines)
            Console.WriteLine(line);
        Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["benchmark"] = "sweep",
            ["fsync"] = options.Phase.Fsync,
            ["in_flight"] = options.Phase.InFlight,
            ["sagas"] = options.Phase.Sagas,
            ["warmup"] = options.Phase.Warmup,
            ["runs"] = results,
        }));
        return stop.IsCancellationRequested ? 130 : results.All(x => x["passed"] is true) ? 0 : 1;
    }

    const string Header = "prefetch  concurrency  pool  checks   sagas/s    p50 ms    p99 ms  commits/saga  CPU ms/saga  backends";

    static string Line(SagasOptions options, PhaseResult phase)
    {
        var n = Math.Max(phase.MeasuredSagas, 1);
        return string.Create(CultureInfo.InvariantCulture,
            $"{options.Prefetch,8}  {options.Concurrency,11}  {options.MaxPoolSize,4}  {(phase.Passed ? "ok" : "FAIL"),-6}  {phase.SagasPerSecond,8:0.0}  " +
            $"{phase.Latency.P50Ms,8:0}  {phase.Latency.P99Ms,8:0}  {(double)phase.Commits / n,12:0.0}  {phase.CpuMsPerSaga,11:0.0}  {phase.Backends.Values.Sum(),8}");
    }

    static Dictionary<string, object?> Json(SagasOptions options, PhaseResult phase) => new()
    {
        ["prefetch"] = options.Prefetch,
        ["concurrent_message_limit"] = options.Concurrency,
        ["max_pool_size"] = options.MaxPoolSize,
        ["passed"] = phase.Passed,
        ["sagas_per_s"] = Math.Round(phase.SagasPerSecond, 2),
        ["p50_ms"] = Math.Round(phase.Latency.P50Ms, 1),
        ["p99_ms"] = Math.Round(phase.Latency.P99Ms, 1),
        ["commits_per_saga"] = Math.Round((double)phase.Commits / Math.Max(phase.MeasuredSagas, 1), 2),
        ["cpu_ms_per_saga"] = Math.Round(phase.CpuMsPerSaga, 2),
        ["backends"] = phase.Backends.Values.Sum(),
    };
}
