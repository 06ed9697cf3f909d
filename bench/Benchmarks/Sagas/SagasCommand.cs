using Saga.TestInfrastructure;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// <c>sagas</c>: starts a private RabbitMQ node and PostgreSQL cluster, then runs the durable phase and (unless
/// <c>--no-baseline</c>) the baseline, each on a fresh system, and reports. Exit code 0 only if every check passed.
/// </summary>
public static class SagasCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (args is ["--help"] or ["-h"])
        {
            Console.WriteLine(SagasOptions.Usage);
            return 0;
        }

        SagasOptions options;
        try
        {
            options = SagasOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"sagas: {e.Message}");
            Console.Error.WriteLine(SagasOptions.Usage);
            return 2;
        }

        foreach (var assembly in new[] { SagaSystem.OrchestratorAssembly, SagaSystem.ParticipantsAssembly })
        {
            if (!File.Exists(ServiceProcess.AssemblyPath(assembly)))
            {
                Console.Error.WriteLine($"sagas: {assembly} is not next to the benchmark ({AppContext.BaseDirectory}); build bench/Benchmarks");
                return 2;
            }
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
            Console.Error.WriteLine("sagas: cancelled");
            return 130;
        }
    }

    static async Task<int> RunAsync(SagasOptions options, CancellationToken cancellationToken)
    {
        Console.WriteLine($"sagas: starting {SagaServers.Describe(options.ClusterNodes)} and a PostgreSQL cluster" + (options.Fsync ? " (fsync on)" : ""));
        await using var servers = await SagaServers.StartAsync(options.ClusterNodes, options.Cluster, cancellationToken);
        var brokerVersion = await servers.Broker.Management.VersionAsync(cancellationToken);
        var databaseVersion = "PostgreSQL " + await Sql.ScalarAsync<string>(servers.PostgreSql.ConnectionString("postgres"), "SHOW server_version", cancellationToken);

        var phases = new List<PhaseResult>();
        if (options.Durable)
            phases.Add(await SagaPhase.RunAsync(options, servers.Broker, servers.PostgreSql, "durable", durable: true, cancellationToken));
        if (options.Baseline)
            phases.Add(await SagaPhase.RunAsync(options, servers.Broker, servers.PostgreSql, "baseline", durable: false, cancellationToken));

        SagasReport.Print(options, brokerVersion, databaseVersion, phases, Console.Out);
        return phases.All(x => x.Passed) ? 0 : 1;
    }
}
