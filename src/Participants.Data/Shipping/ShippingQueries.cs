using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Shipping.Data;

/// <summary>
/// The shipping participant's reads by key, compiled once: a LINQ query (or <c>Find</c>) at the call site is rebuilt and
/// looked up in EF Core's query cache on every message. Nothing read is tracked; the consumer only answers from it.
/// </summary>
public static class ShippingQueries
{
    private static readonly Func<ShippingDbContext, Guid, CancellationToken, Task<Shipment?>> _shipment =
        EF.CompileAsyncQuery((ShippingDbContext db, Guid orderId, CancellationToken _) =>
            db.Shipments.AsNoTracking().SingleOrDefault(s => s.OrderId == orderId));

    /// <summary>The shipment of <paramref name="orderId"/> (without its lines), if there is one.</summary>
    public static Task<Shipment?> FindShipmentAsync(this ShippingDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        _shipment(db, orderId, cancellationToken);
}
