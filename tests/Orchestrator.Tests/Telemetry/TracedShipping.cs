using MassTransit;
using Saga.Contracts;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>A shipping participant that confirms cancellations from inside its consume, so its replies carry the command's trace.</summary>
public sealed class TracedShipping : IConsumer<CancelShipment>
{
    public Task Consume(ConsumeContext<CancelShipment> context) =>
        context.Publish(new ShipmentCancelled(context.Message.OrderId, context.Message.ShipmentId));
}
