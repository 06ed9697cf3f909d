using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Consumers;

/// <summary>
/// Cancels an order's shipment. Safe to repeat and safe to send when nothing was scheduled:
/// compensation must always be able to complete. When nothing was scheduled yet, it leaves a mark so that the
/// scheduling, should it still arrive, is refused.
/// </summary>
public sealed partial class CancelShipmentConsumer : IConsumer<CancelShipment>
{
    private readonly ShippingDbContext _db;
    private readonly TimeProvider _clock;
    private readonly ILogger<CancelShipmentConsumer> _logger;

    public CancelShipmentConsumer(ShippingDbContext db, TimeProvider clock, ILogger<CancelShipmentConsumer> logger)
    {
        _db = db;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<CancelShipment> context)
    {
        var command = context.Message;

        var shipment = await _db.Shipments.FindAsync([command.OrderId], context.CancellationToken);
        if (shipment is null)
        {
            // Nothing was scheduled, or the scheduling is still on its way (the orchestrator gave up waiting for it). The
            // mark takes the order's key: a scheduling racing this one fails its insert and is retried into a refusal, or,
            // if it stored its shipment first, this insert fails and the retry cancels it.
            _db.Shipments.Add(Shipment.Voided(command.OrderId, NewId.NextGuid(), _clock.GetUtcNow()));
            await _db.SaveChangesAsync(context.CancellationToken);
            LogVoided(_logger, command.OrderId);

            await context.Publish(new ShipmentCancelled(command.OrderId, command.ShipmentId));
            return;
        }

        if (shipment.Status is ShipmentStatus.Refused or ShipmentStatus.Voided)
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} cancelled before any shipment was scheduled: marked, a later scheduling will be refused")]
    private static partial void LogVoided(ILogger logger, Guid orderId);
}
