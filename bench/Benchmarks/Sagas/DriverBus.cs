using System.Diagnostics;
using MassTransit;
using Saga.Contracts;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// The driver's connection to the broker, as any client of the saga system would have one: a MassTransit bus that
/// publishes <see cref="SubmitOrder"/> with publisher confirms, and a queue of its own bound to the four terminal events
/// the orchestrator publishes. The arrival time is taken first thing in the handler.
/// </summary>
public static class DriverBus
{
    public const string QueueName = "saga-bench-driver";

    public static async Task<IBusControl> StartAsync(string host, int port, SagaSystem system, SagaTracker tracker, CancellationToken cancellationToken)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(host, (ushort)port, system.VirtualHost, h =>
            {
                h.Username(system.BrokerUser);
                h.Password(system.BrokerPassword);
                h.PublisherConfirmation = true;
            });
            cfg.ReceiveEndpoint(QueueName, e =>
            {
                e.PrefetchCount = 256;
                e.Handler<OrderCompleted>(context => Received(tracker, context.Message.OrderId, nameof(OrderCompleted)));
                e.Handler<OrderCompensated>(context => Received(tracker, context.Message.OrderId, nameof(OrderCompensated)));
                e.Handler<OrderRejected>(context => Received(tracker, context.Message.OrderId, nameof(OrderRejected)));
                e.Handler<OrderCompensationFailed>(context => Received(tracker, context.Message.OrderId, nameof(OrderCompensationFailed)));
            });
        });
        await bus.StartAsync(cancellationToken);
        return bus;
    }

    static Task Received(SagaTracker tracker, Guid orderId, string terminalEvent)
    {
        tracker.Received(orderId, terminalEvent, Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }
}
