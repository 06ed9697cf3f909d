using Saga.Benchmarks.Sagas;

namespace Saga.Benchmarks.Scale;

/// <summary>What one <c>scale</c> run does: the same closed loop for each number of orchestrator instances, in order.</summary>
public sealed record ScaleOptions
{
    public const string Usage =
        """
        scale: the same closed-loop durable `sagas` phase with 1, 2, 3… orchestrator instances on one database and queue,
        one after the other (each on a fresh system), and one table: sagas/s, p50/p99, CPU ms per saga per instance and in
        total, the saga repository's conflicts and the consume retries per 1000 sagas.

          --orchestrators LIST   orchestrator instances per run, comma-separated (default 1,2,3)
          --cluster N            a private RabbitMQ cluster of N nodes instead of one node (the services get every node)
          --participant-processes N  participants processes in every run (default 1)
          --saga-concurrency optimistic|pessimistic   the orchestrator's Orchestrator:ConcurrencyMode (default optimistic)
          --sagas COUNT          sagas measured per run (default 1000)
          --warmup N             warm-up sagas per run (default 500)
          --in-flight N          closed loop, N sagas in flight (default 50)
          --fsync                PostgreSQL with fsync, synchronous_commit, full_page_writes on
          --drain-timeout SECONDS  how long the last sagas may take to end (default 120)
          --verbose              the services' output when a check failed

        e.g. scale --orchestrators 1,2,3 --sagas 1500 --warmup 500
        """;

    public IReadOnlyList<int> Orchestrators { get; init; } = [1, 2, 3];

    public SagasOptions Phase { get; init; } = new() { Sagas = 1000, Warmup = 500, Baseline = false };

    /// <summary>Each run, as the options of one durable phase.</summary>
    public IEnumerable<SagasOptions> Runs => Orchestrators.Select(count => Phase with { Orchestrators = count });

    public static ScaleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ScaleOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");

            options = name switch
            {
                "--orchestrators" => options with
                {
                    Orchestrators = [.. Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => SagasOptions.Whole(name, x, 1))],
                },
                "--cluster" => options with { Phase = options.Phase with { ClusterNodes = SagasOptions.Whole(name, Value(), 1) } },
                "--participant-processes" => options with { Phase = options.Phase with { ParticipantProcesses = SagasOptions.Whole(name, Value(), 1) } },
                "--saga-concurrency" => options with { Phase = options.Phase with { SagaConcurrency = SagasOptions.ConcurrencyMode(name, Value()) } },
                "--sagas" => options with { Phase = options.Phase with { Sagas = SagasOptions.Whole(name, Value(), 1) } },
                "--warmup" => options with { Phase = options.Phase with { Warmup = SagasOptions.Whole(name, Value(), 0) } },
                "--in-flight" => options with { Phase = options.Phase with { InFlight = SagasOptions.Whole(name, Value(), 1) } },
                "--fsync" => options with { Phase = options.Phase with { Fsync = true } },
                "--drain-timeout" => options with { Phase = options.Phase with { DrainTimeout = TimeSpan.FromSeconds(SagasOptions.Whole(name, Value(), 1)) } },
                "--verbose" => options with { Phase = options.Phase with { Verbose = true } },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.Orchestrators.Count == 0)
            throw new ArgumentException("--orchestrators needs at least one number");
        return options;
    }
}
