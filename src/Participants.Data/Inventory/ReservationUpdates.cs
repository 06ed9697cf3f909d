using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data;

/// <summary>The changes to an existing reservation, each one conditional UPDATE of its row.</summary>
public static class ReservationUpdates
{
    /// <summary>
    /// Marks the order's reservation released; false if it is not reserved (any more). Of two concurrent releases of one
    /// reservation the second waits for the first's row lock and then finds it released, so only one gives the units back.
    /// </summary>
    public static async Task<bool> TryMarkReleasedAsync(this DbSet<Reservation> reservations, Guid orderId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reservations);

        var marked = await reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, ReservationStatus.Released)
                .SetProperty(r => r.ReleasedAt, now), cancellationToken);
        return marked == 1;
    }
}
