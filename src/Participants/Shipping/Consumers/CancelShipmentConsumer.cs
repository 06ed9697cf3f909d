using MassTransit;
using Saga.Contracts;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Consumers;

/// <summary>
/// Cancels an order's shipment. Safe to repeat and safe to send when nothing was scheduled:
/// compensation must always be able to complete.
/// </summary>
public sealed class CancelShipmentConsumer : IConsumer<CancelShipment>
{
    private readonly ShippingDbContext _db;
    private readonly TimeProvider _clock;

    public CancelShipmentConsumer(ShippingDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<CancelShipment> context)
    {
        var command = context.Message;

        var shipment = await _db.Shipments.FindAsync([command.OrderId], context.CancellationToken);
        if (shipment is null || shipment.Status == ShipmentStatus.Refused)
        {
            await context.Publish(new ShipmentCancelled(command.OrderId, command.ShipmentId));
            return;
        }

        if (command.ShipmentId is not null && shipment.ShipmentId != command.ShipmentId)
        {
            throw new InvalidOperationException(
                $"Cancellation for order {command.OrderId} names shipment {command.ShipmentId}, but the order has shipment {shipment.ShipmentId}.");
        }

        if (shipment.Status == ShipmentStatus.Scheduled)
        {
            shipment.MarkCancelled(_clock.GetUtcNow());
            await _db.SaveChangesAsync(context.CancellationToken);
        }

        await context.Publish(new ShipmentCancelled(shipment.OrderId, shipment.ShipmentId));
    }
}
