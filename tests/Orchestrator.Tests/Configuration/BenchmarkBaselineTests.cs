using MassTransit.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Orchestrator.Tests.Support;
using Saga.Persistence.Inbox;
using Saga.Persistence.Outbox;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.StateMachines;
using StoredSchedule = Saga.Persistence.Scheduling.ScheduledMessage;

namespace Saga.Orchestrator.Tests.Configuration;

/// <summary>
/// The benchmark baseline (<c>Orchestrator:SagaRepository</c> = <c>InMemory</c>, <c>Orchestrator:Outbox:Enabled</c> = false)
/// runs the same flow and writes nothing durable; without those settings the saga stays in the database behind the outbox.
/// </summary>
public sealed class BenchmarkBaselineTests
{
    static readonly Dictionary<string, string?> Baseline = new()
    {
        ["Orchestrator:SagaRepository"] = "InMemory",
        ["Orchestrator:Outbox:Enabled"] = "false",
    };

    [Test]
    public async Task The_baseline_completes_an_order_in_memory_without_deadlines_and_writes_no_row()
    {
        await using var host = await ConfiguredOrderSagaHost.StartAsync(Baseline);
        var id = Guid.NewGuid();

        await host.CompleteOrder(id);

        var saga = host.Saga.Sagas.Contains(id);
        Assert.Multiple(async () =>
        {
            Assert.That(saga?.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Completed)));
            Assert.That(saga?.PaymentDeadlineTokenId, Is.Null, "no scheduler, so no deadline");
            Assert.That(host.Harness.Sent.Select<ScheduleMessage>(_ => true, new CancellationToken(canceled: true)).Any(), Is.False);
            Assert.That(await host.Count<OrderState>(), Is.Zero, "order_sagas");
            Assert.That(await host.Count<SagaTransition>(), Is.Zero, "saga_transitions");
            Assert.That(await host.Count<StoredSchedule>(), Is.Zero, "scheduled_messages");
            Assert.That(await host.Count<InboxMessage>(), Is.Zero, "inbox_messages");
            Assert.That(await host.Count<OutboxMessage>(), Is.Zero, "outbox_messages");
            Assert.That(await host.Count<OutboxBatch>(), Is.Zero, "outbox_batches");
            Assert.That(host.Services.GetServices<IHostedService>(), Has.Some.InstanceOf<InMemorySagaRepositoryNotice>());
        });
    }

    [Test]
    public async Task The_in_memory_repository_alone_keeps_the_outbox_and_inbox()
    {
        await using var host = await ConfiguredOrderSagaHost.StartAsync(new Dictionary<string, string?> { ["Orchestrator:SagaRepository"] = "InMemory" });
        var id = Guid.NewGuid();

        await host.CompleteOrder(id);

        Assert.Multiple(async () =>
        {
            Assert.That(host.Saga.Sagas.Contains(id)?.CurrentState, Is.EqualTo(nameof(OrderStateMachine.Completed)));
            Assert.That(await host.Count<OrderState>(), Is.Zero, "order_sagas");
            Assert.That(await host.Count<SagaTransition>(), Is.Zero, "saga_transitions");
            Assert.That(await host.Count<InboxMessage>(), Is.EqualTo(5), "one inbox row per consumed message: the order and its four replies");
            Assert.That(await host.Count<OutboxMessage>(), Is.GreaterThanOrEqualTo(5), "outbox_messages");
        });
    }

    [Test]
    public async Task By_default_the_saga_is_kept_in_the_database_behind_the_transactional_outbox()
    {
        await using var host = await ConfiguredOrderSagaHost.StartAsync(new Dictionary<string, string?>());
        var id = Guid.NewGuid();

        await host.CompleteOrder(id);

        Assert.Multiple(async () =>
        {
            Assert.That(await host.Count<OrderState>(), Is.EqualTo(1), "order_sagas");
            Assert.That(await host.Count<SagaTransition>(), Is.GreaterThanOrEqualTo(4), "saga_transitions");
            Assert.That(await host.Count<InboxMessage>(), Is.GreaterThanOrEqualTo(4), "inbox_messages");
            Assert.That(await host.Count<OutboxMessage>(), Is.GreaterThanOrEqualTo(4), "outbox_messages");
            Assert.That(host.Services.GetServices<IHostedService>(), Has.None.InstanceOf<InMemorySagaRepositoryNotice>());
        });
    }
}
