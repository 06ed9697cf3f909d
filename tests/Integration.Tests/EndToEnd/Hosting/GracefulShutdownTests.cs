using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>
/// Both services, each its own OS process, get SIGTERM (as from systemd or <c>docker stop</c>) while orders are in flight.
/// Each exits with code 0 within its shutdown timeout; after a restart every order completes, and each took effect once:
/// whatever a service was handling when it stopped either finished or went back to the broker, never half done.
/// </summary>
[NonParallelizable]
public sealed class GracefulShutdownTests
{
    const int OrderCount = 100;
    static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);
    // The host's own limit plus the process's start-up and exit; a service that hangs in its stop fails the test.
    static readonly TimeSpan ExitBound = ShutdownTimeout + TimeSpan.FromSeconds(10);
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly string[] Steps = ["AwaitingPayment", "AwaitingFraudCheck", "AwaitingInventory", "AwaitingShipment", "Completed"];

    [Test]
    public async Task Services_stopped_by_SIGTERM_with_orders_in_flight_exit_with_0_and_every_order_completes_once_after_the_restart()
    {
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Saga:Host:ShutdownTimeout"] = ShutdownTimeout.ToString(),
                // A slow machine must not turn the test into one of step deadlines: every order is to complete.
                ["Orchestrator:StepTimeouts:Payment"] = "00:10:00",
                ["Orchestrator:StepTimeouts:Inventory"] = "00:10:00",
                ["Orchestrator:StepTimeouts:Shipping"] = "00:10:00",
            },
        };
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false, withOrchestrator: false);
        var orchestrator = await StartOrchestratorAsync(settings);
        var participants = await StartParticipantsAsync(settings);
        var orders = Enumerable.Range(0, OrderCount).Select(_ => TestOrders.Valid()).ToList();
        var ids = orders.Select(o => o.OrderId).ToList();

        await Task.WhenAll(orders.Select(system.Submit));
        await Poll.UntilAsync(async () => await CountCompleted(system, ids) >= 5, "the first orders completed");

        var exitCodes = await Task.WhenAll(orchestrator.TerminateAsync(ExitBound), participants.TerminateAsync(ExitBound));
        var completedAtStop = await CountCompleted(system, ids);
        var output = $"orchestrator:\n{orchestrator.Output}\nparticipants:\n{participants.Output}";
        await orchestrator.DisposeAsync();
        await participants.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(exitCodes, Is.EqualTo(new[] { 0, 0 }), $"both services exit cleanly on SIGTERM\n{output}");
            Assert.That(completedAtStop, Is.LessThan(OrderCount), "orders were still in flight when the services stopped");
        });

        await using var restartedOrchestrator = await StartOrchestratorAsync(settings);
        await using var restartedParticipants = await StartParticipantsAsync(settings);
        await WaitUntilAllCompleted(system, ids);
        var depths = await system.WaitUntilSettled();

        await AssertEachOrderTookEffectOnce(system, ids, depths);
    }

    static Task<ServiceProcess> StartOrchestratorAsync(SagaSystemSettings settings) =>
        ServiceProcess.StartAsync("Saga.SagaOrchestrator.dll", settings.Configuration(), SagaSystemSettings.Environment(), StartTimeout);

    static Task<ServiceProcess> StartParticipantsAsync(SagaSystemSettings settings)
    {
        // Every test order charges the one well-funded customer and reserves the one well-stocked SKU: handled side by side,
        // hundreds of them retry optimistic-concurrency conflicts on those two rows until some give up and the order is
        // compensated. One at a time per participant, they all succeed; the orchestrator still handles many at once.
        var configuration = settings.ParticipantsConfiguration();
        configuration["Saga:Transport:RabbitMq:ConcurrentMessageLimit"] = "1";
        return ServiceProcess.StartAsync("Saga.Participants.dll", configuration, settings.ParticipantsEnvironment(), StartTimeout);
    }

    static async Task<int> CountCompleted(SagaSystem system, List<Guid> ids)
    {
        await using var orchestrator = system.Orchestrator();
        return await orchestrator.Orders.CountAsync(o => ids.Contains(o.CorrelationId) && o.CurrentState == "Completed");
    }

    /// <summary>Waits (bounded) until every order completed; the failure names how many orders are in which state.</summary>
    static async Task WaitUntilAllCompleted(SagaSystem system, List<Guid> ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        Dictionary<string, int> states = [];
        while (DateTime.UtcNow < deadline)
        {
            await using var orchestrator = system.Orchestrator();
            states = await orchestrator.Orders.Where(o => ids.Contains(o.CorrelationId)).GroupBy(o => o.CurrentState + " " + (o.FailureReason ?? ""))
                .ToDictionaryAsync(g => g.Key, g => g.Count());
            if (states.GetValueOrDefault("Completed ") == ids.Count)
                return;
            await Task.Delay(100);
        }

        Assert.Fail($"not every order completed after the restart: {string.Join(", ", states.Select(s => $"{s.Key} {s.Value}"))}, " +
                    $"no saga {ids.Count - states.Values.Sum()}");
    }

    static async Task AssertEachOrderTookEffectOnce(SagaSystem system, List<Guid> ids, IReadOnlyDictionary<string, long> depths)
    {
        await using var orchestrator = system.Orchestrator();
        await using var payment = system.Payment();
        await using var inventory = system.Inventory();
        await using var shipping = system.Shipping();
        var transitions = (await orchestrator.Transitions.AsNoTracking().Where(t => ids.Contains(t.CorrelationId)).OrderBy(t => t.Id).ToListAsync())
            .ToLookup(t => t.CorrelationId, t => t.ToState);
        var charges = (await payment.LedgerEntries.AsNoTracking().Where(e => ids.Contains(e.OrderId)).ToListAsync()).ToLookup(e => e.OrderId);
        var reservations = (await inventory.Reservations.AsNoTracking().Where(r => ids.Contains(r.OrderId)).ToListAsync()).ToLookup(r => r.OrderId);
        var shipments = (await shipping.Shipments.AsNoTracking().Where(s => ids.Contains(s.OrderId)).ToListAsync()).ToLookup(s => s.OrderId);

        Assert.Multiple(() =>
        {
            Assert.That(ids.Where(id => !transitions[id].SequenceEqual(Steps)), Is.Empty, "every saga took each step once");
            Assert.That(ids.Where(id => charges[id].Count() != 1), Is.Empty, "every order charged once");
            Assert.That(ids.Where(id => reservations[id].Count() != 1), Is.Empty, "every order's stock reserved once");
            Assert.That(ids.Where(id => shipments[id].Count() != 1), Is.Empty, "every order shipped once");
            Assert.That(depths.Where(d => d.Key.EndsWith("_error", StringComparison.Ordinal) && d.Value > 0), Is.Empty, "nothing faulted");
            Assert.That(depths.GetValueOrDefault($"{QueueNames.Orders}_skipped"), Is.Zero, "nothing was skipped");
        });
    }
}
