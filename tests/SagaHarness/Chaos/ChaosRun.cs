using System.Diagnostics;
using Saga.SagaHarness.Books;
using Saga.SagaHarness.Broker;
using Saga.SagaHarness.Database;
using Saga.SagaHarness.Orders;
using Saga.SagaHarness.Services;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Chaos;

/// <summary>
/// One chaos run on a fresh saga system (virtual host, databases, the services as OS processes with production
/// settings, as many instances of each as the options say): seeds the workload and the oversubscribed SKU, publishes the orders as <see cref="SubmissionPlan"/> says
/// while <see cref="FaultInjector"/> injects the faults, waits until the system settled, stops the services, and checks
/// the books (<see cref="BookChecks"/>).
/// </summary>
public static class ChaosRun
{
    public static async Task<ChaosResult> RunAsync(SagaBroker broker, PostgreSqlTestCluster postgreSql, ChaosOptions options, Action<string> log,
        CancellationToken cancellationToken)
    {
        if (broker.IsCluster != options.ClusterNodes > 0 || broker.IsCluster && broker.Nodes.Count != options.ClusterNodes)
            throw new ArgumentException($"the run wants {(options.ClusterNodes > 0 ? $"a cluster of {options.ClusterNodes} nodes" : "one node")}, " +
                                        $"the broker given has {broker.Nodes.Count} node(s){(broker.IsCluster ? " in a cluster" : "")}", nameof(broker));
        var total = Stopwatch.StartNew();
        // A crash must not take back commits the services were told about, as on a production server.
        await postgreSql.UseSynchronousCommitAsync(cancellationToken);
        await using var system = await SagaSystem.CreateAsync(broker, postgreSql, options.Name, durable: true, cancellationToken, options.Services);
        log("migrating and seeding");
        await system.MigrateAsync(cancellationToken);
        await WorkloadSeeder.SeedAsync(system, cancellationToken);
        if (options.ScarceOrders > 0)
            await WorkloadSeeder.SeedStockAsync(system, ChaosWorkload.ScarceSku, options.ScarceStock, cancellationToken);
        if (options.BlockedOrders > 0)
            await WorkloadSeeder.SeedCustomerAsync(system, ChaosWorkload.BlockedCustomer, cancellationToken);
        var seeded = await StockSnapshot.ReadAsync(system, cancellationToken);
        log($"starting {options.ParticipantProcesses} participants process(es) and {options.Orchestrators} orchestrator(s)");
        await system.StartAsync(options.Orchestrators, options.ParticipantProcesses, cancellationToken);

        var plans = ChaosWorkload.Plan(options.MixedOrders, options.HotOrders, options.ScarceOrders, options.Seed, options.BlockedOrders);
        var malformed = Enumerable.Range(0, options.Malformed).Select(_ => Guid.NewGuid()).ToList();
        var publishes = SubmissionPlan.Build(plans, malformed, options);
        await using var publisher = new SubmitOrderPublisher(broker.Endpoints, system.VirtualHost, system.BrokerUser, system.BrokerPassword);

        log($"publishing {publishes.Count} messages for {plans.Count} orders over {options.Duration.TotalSeconds:0} s; faults: " +
            (options.Faults.Count == 0 ? "none" : string.Join(", ", options.Faults.Select(FaultNames.Of))));
        var submissionStartedAt = DateTime.UtcNow;
        var submission = Stopwatch.StartNew();
        var submitted = 0;
        // When each order's first copy went out, by the wall clock the orchestrators' lifetimes are recorded in.
        var firstPublished = new Dictionary<Guid, DateTime>();
        var submitting = Task.Run(async () =>
        {
            foreach (var publish in publishes)
            {
                var wait = publish.At - submission.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.Delay(wait, cancellationToken);
                if (publish.OrderId is { } orderId)
                    firstPublished.TryAdd(orderId, DateTime.UtcNow);
                await publisher.PublishAsync(publish.Body, publish.MessageId, options.PublishTimeout, cancellationToken);
                Interlocked.Increment(ref submitted);
            }
        }, cancellationToken);

        var injector = new FaultInjector(system, postgreSql);
        var injected = new List<InjectedFault>();
        try
        {
            for (var i = 0; i < options.Faults.Count; i++)
            {
                var at = options.Duration * (i + 1) / (options.Faults.Count + 1);
                var wait = at - submission.Elapsed;
                if (wait > TimeSpan.Zero)
                    await Task.WhenAny(Task.Delay(wait, cancellationToken), submitting);
                if (submitting.IsFaulted)
                    break;
                var began = submission.Elapsed;
                var before = Volatile.Read(ref submitted);
                log($"fault {FaultNames.Of(options.Faults[i])} after {before} of {publishes.Count} publishes");
                var took = Stopwatch.StartNew();
                var detail = await injector.InjectAsync(options.Faults[i], cancellationToken);
                injected.Add(new InjectedFault(options.Faults[i], began, took.Elapsed, before, detail));
                log($"fault {FaultNames.Of(options.Faults[i])}: {detail}; running again after {took.Elapsed.TotalSeconds:0.0} s");
            }
        }
        finally
        {
            // A fault that failed must not leave the publishing running past the run.
            await submitting.WaitAsync(options.PublishTimeout * 2, cancellationToken);
        }

        var submissionTook = submission.Elapsed;
        log($"published; waiting (at most {options.SettleTimeout.TotalSeconds:0} s) until the system settled");
        var settled = await Settling.WaitAsync(system, plans.Select(x => x.Order.OrderId).ToList(), options.SettleTimeout, cancellationToken);
        log($"{(settled.Passed ? "settled" : "not settled")} {settled.Detail}; stopping the services and checking the books");
        var output = system.ServiceOutput;
        await system.StopAsync();

        var checks = new List<CheckResult> { settled };
        // The flows decide what a blocked customer's order must come to; the books are checked against that.
        var flows = await FlowChecks.RunAsync(system, plans, firstPublished, cancellationToken);
        checks.AddRange(await BookChecks.RunAsync(system, flows.Plans, seeded, malformed.ToHashSet(), cancellationToken));
        checks.AddRange(flows.Checks);
        var outcomes = (await Sql.QueryAsync(system.OrchestratorDatabase, "SELECT current_state, count(*)::int FROM order_sagas GROUP BY current_state",
            reader => (State: reader.GetString(0), Count: reader.GetInt32(1)), cancellationToken)).ToDictionary(x => x.State, x => x.Count);
        return new ChaosResult(options, publishes.Count, publisher.Retries, injected, submissionTook, total.Elapsed, outcomes, checks, output)
        {
            ByFlow = flows.ByFlow,
            Orchestrators = system.OrchestratorLifetimes,
            SubmissionStartedAt = submissionStartedAt,
        };
    }
}
