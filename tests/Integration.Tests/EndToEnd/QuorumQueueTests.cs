using System.Text;
using RabbitMQ.Client;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.SagaOrchestrator.Configuration;
using Saga.Settings.Transport;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// Quorum queues, the services' default: every service queue is a quorum queue with the delivery limit and dead-lettering
/// to <c>saga-dead-letter</c>, which a message handed back too often reaches; the orchestrator declares the participants'
/// queues itself, so orders sent before a participant ever started wait for it. Classic queues only when asked for.
/// </summary>
[NonParallelizable]
public sealed class QuorumQueueTests
{
    static readonly string[] ServiceQueues = [QueueNames.Orders, OrderSagaRegistration.SchedulerQueue, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];

    [Test]
    public async Task By_default_the_services_declare_quorum_queues_with_the_delivery_limit_and_dead_lettering_and_an_order_completes()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        var order = TestOrders.Valid();

        await system.Submit(order);

        Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        var queues = await BrokerQueues.ListAsync(system.Settings.Broker, system.Settings.VirtualHost);
        var expected = new Dictionary<string, object>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = 20,
            ["x-dead-letter-exchange"] = "saga-dead-letter",
            ["x-dead-letter-strategy"] = "at-least-once",
            ["x-overflow"] = "reject-publish",
        };
        Assert.Multiple(() =>
        {
            foreach (var queue in ServiceQueues)
                Assert.That(queues.GetValueOrDefault(queue)?.PlainArguments(), Is.EquivalentTo(expected), queue);
            Assert.That(queues.GetValueOrDefault("saga-dead-letter")?.PlainArguments(), Is.EquivalentTo(new Dictionary<string, object> { ["x-queue-type"] = "quorum" }),
                "the dead-letter queue");
        });
    }

    [Test]
    public async Task A_skipped_queue_MassTransit_adds_is_a_quorum_queue_without_the_delivery_limit_or_dead_lettering()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        var messageId = Guid.NewGuid();
        // A message type no participant consumes goes to payment_skipped, which MassTransit declares with a copy of the
        // payment queue's arguments, as it does payment_error; the services take the delivery limit and dead-lettering off both.
        var envelope = Encoding.UTF8.GetBytes($$"""
            { "messageId": "{{messageId}}", "messageType": ["urn:message:Saga.Contracts:NoSuchCommand"], "message": {} }
            """);

        await using (var publisher = await RawAmqpPublisher.StartAsync(system.Settings.VirtualHost))
            await publisher.PublishEnvelopeAsync(QueueNames.Payment, envelope, messageId);

        Dictionary<string, BrokerQueues.Queue> queues = [];
        await Poll.UntilAsync(async () => (queues = await BrokerQueues.ListAsync(system.Settings.Broker, system.Settings.VirtualHost))
            .ContainsKey($"{QueueNames.Payment}_skipped"), "MassTransit declared payment_skipped");
        Assert.That(queues[$"{QueueNames.Payment}_skipped"].PlainArguments(), Is.EquivalentTo(new Dictionary<string, object> { ["x-queue-type"] = "quorum" }));
    }

    [Test]
    public async Task A_message_handed_back_more_often_than_the_delivery_limit_lands_in_saga_dead_letter()
    {
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?> { ["Saga:Transport:RabbitMq:DeliveryLimit"] = "2" },
        };
        // No participants: the order's payment command waits in the payment queue, where this test plays a consumer that
        // keeps failing (a nack with requeue, as a crashing consumer's unacknowledged delivery comes back).
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false);
        var order = TestOrders.Valid();
        await system.Submit(order);
        await system.WaitForState(order.OrderId, "AwaitingPayment");
        await using var connection = await BrokerConnections.OpenAsync(settings.VirtualHost);
        await using var channel = await connection.CreateChannelAsync();
        var handedBack = 0;

        await Poll.UntilAsync(async () =>
        {
            if (await channel.BasicGetAsync(QueueNames.Payment, autoAck: false) is { } delivery)
            {
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true);
                handedBack++;
            }

            return await channel.MessageCountAsync("saga-dead-letter") == 1;
        }, "the payment command is dead-lettered");

        var dead = await channel.BasicGetAsync("saga-dead-letter", autoAck: true);
        Assert.Multiple(() =>
        {
            Assert.That(handedBack, Is.EqualTo(3), "deliveries handed back: the limit of 2, and the one past it");
            Assert.That(Encoding.UTF8.GetString(dead!.Body.Span), Does.Contain(order.OrderId.ToString()).And.Contain("ProcessPayment"));
            Assert.That(Header(dead, "x-first-death-queue"), Is.EqualTo(QueueNames.Payment));
            Assert.That(Header(dead, "x-first-death-reason"), Is.EqualTo("delivery_limit"));
        });
    }

    [Test]
    public async Task Orders_submitted_before_the_participants_ever_started_wait_in_their_queues_and_complete_once_they_start()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        var orders = Enumerable.Range(0, 3).Select(_ => TestOrders.Valid()).ToList();

        foreach (var order in orders)
            await system.Submit(order);
        foreach (var order in orders)
            await system.WaitForState(order.OrderId, "AwaitingPayment");
        await Poll.UntilAsync(async () => (await system.QueueDepths()).GetValueOrDefault(QueueNames.Payment) == orders.Count,
            "the payment commands wait in the payment queue that the orchestrator declared");
        await system.StartParticipantsAsync();

        foreach (var order in orders)
            Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"), $"order {order.OrderId}");
    }

    [Test]
    public async Task With_quorum_queues_off_the_queues_are_classic_without_dead_lettering_as_before()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(quorumQueues: false));
        var order = TestOrders.Valid();

        await system.Submit(order);

        Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        var queues = await BrokerQueues.ListAsync(system.Settings.Broker, system.Settings.VirtualHost);
        Assert.Multiple(() =>
        {
            foreach (var queue in ServiceQueues)
            {
                Assert.That(queues.GetValueOrDefault(queue)?.Type, Is.EqualTo("classic"), queue);
                Assert.That(queues.GetValueOrDefault(queue)?.Arguments, Is.Empty, queue);
            }

            Assert.That(queues.Keys, Does.Not.Contain(new RabbitMqOptions().DeadLetterExchange));
        });
    }

    static string? Header(BasicGetResult delivery, string name) =>
        delivery.BasicProperties.Headers?.TryGetValue(name, out var value) == true && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;
}
