using System.Globalization;
using Saga.Benchmarks.Sagas;

namespace Saga.Benchmarks.Sweep;

/// <summary>What one <c>sweep</c> run tries: lists of settings, every combination of them one short durable phase.</summary>
public sealed record SweepOptions
{
    public const string Usage =
        """
        sweep: short durable `sagas` phases, one per combination of the services' settings, one line each.

          --prefetch LIST        Saga:Transport:RabbitMq:PrefetchCount values, comma-separated (default 32)
          --concurrency LIST     Saga:Transport:RabbitMq:ConcurrentMessageLimit values (default 16)
          --max-pool-size LIST   Npgsql Maximum Pool Size values for the services' connection strings (default 100)
          --sagas COUNT          sagas measured per combination (default 300)
          --warmup N             warm-up sagas per combination (default 200)
          --in-flight N          closed loop, N sagas in flight (default 50)
          --fsync                PostgreSQL with fsync, synchronous_commit, full_page_writes on
          --drain-timeout SECONDS  how long the last sagas may take to end (default 120)

        e.g. sweep --prefetch 16,32,64 --concurrency 8,16,32 --max-pool-size 10,30,100
        Every combination runs on a fresh system (virtual host, databases, services) of one RabbitMQ node and PostgreSQL cluster.
        """;

    public IReadOnlyList<int> Prefetch { get; init; } = [32];

    public IReadOnlyList<int> Concurrency { get; init; } = [16];

    public IReadOnlyList<int> MaxPoolSize { get; init; } = [100];

    public SagasOptions Phase { get; init; } = new() { Sagas = 300, Warmup = 200, Baseline = false };

    /// <summary>Every combination, as the options of one durable phase.</summary>
    public IEnumerable<SagasOptions> Combinations =>
        from prefetch in Prefetch
        from concurrency in Concurrency
        from pool in MaxPoolSize
        select Phase with { Prefetch = prefetch, Concurrency = concurrency, MaxPoolSize = pool };

    public static SweepOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SweepOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");

            options = name switch
            {
                "--prefetch" => options with { Prefetch = List(name, Value()) },
                "--concurrency" => options with { Concurrency = List(name, Value()) },
                "--max-pool-size" => options with { MaxPoolSize = List(name, Value()) },
                "--sagas" => options with { Phase = options.Phase with { Sagas = SagasOptions.Whole(name, Value(), 1) } },
                "--warmup" => options with { Phase = options.Phase with { Warmup = SagasOptions.Whole(name, Value(), 0) } },
                "--in-flight" => options with { Phase = options.Phase with { InFlight = SagasOptions.Whole(name, Value(), 1) } },
                "--fsync" => options with { Phase = options.Phase with { Fsync = true } },
                "--drain-timeout" => options with { Phase = options.Phase with { DrainTimeout = TimeSpan.FromSeconds(SagasOptions.Whole(name, Value(), 1)) } },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        return options;
    }

    static List<int> List(string name, string value) =>
        [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(x => SagasOptions.Whole(name, x, 1))];
}
