namespace Saga.Contracts;

/// <summary>The order's shipment is cancelled, or is known never to happen; <see cref="ShipmentId"/> is null when none was scheduled.</summary>
public sealed record ShipmentCancelled(Guid OrderId, Guid? ShipmentId);
