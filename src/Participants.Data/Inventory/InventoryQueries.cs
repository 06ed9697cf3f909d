using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data;

/// <summary>
/// The inventory participant's reads by key, compiled once: a LINQ query written at the call site is rebuilt and looked up
/// in EF Core's query cache on every message. Nothing read is tracked; the consumer only answers from it.
/// </summary>
public static class InventoryQueries
{
    private static readonly Func<InventoryDbContext, Guid, CancellationToken, Task<Reservation?>> _reservation =
        EF.CompileAsyncQuery((InventoryDbContext db, Guid orderId, CancellationToken _) =>
            db.Reservations.AsNoTracking().SingleOrDefault(r => r.OrderId == orderId));

    /// <summary>The reservation of <paramref name="orderId"/> (without its lines), if there is one.</summary>
    public static Task<Reservation?> FindReservationAsync(this InventoryDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        _reservation(db, orderId, cancellationToken);
}
