using MassTransit;
using Saga.Contracts;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>An inventory participant that answers from inside its consume, as the real one does, so its replies carry the command's trace.</summary>
public sealed class TracedInventory : IConsumer<ReserveInventory>, IConsumer<ReleaseInventory>
{
    public Task Consume(ConsumeContext<ReserveInventory> context) =>
        context.Publish(new InventoryReserved(context.Message.OrderId, NewId.NextGuid()));

    public Task Consume(ConsumeContext<ReleaseInventory> context) =>
        context.Publish(new InventoryReleased(context.Message.OrderId, context.Message.ReservationId));
}
