using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Inventory.Data;

/// <summary>
/// The changes to a SKU's reserved units, each one conditional UPDATE of the SKU's row. The database checks what is
/// available while it holds the row, so concurrent orders for one SKU queue on the row and each is decided on what the
/// previous one left, never on a stale read. Run them in the consumer's transaction, one SKU after another in
/// <see cref="StringComparer.Ordinal"/> order: every transaction then takes the rows it needs in the same order, and two
/// orders of the same SKUs cannot each hold a row the other waits for.
/// </summary>
public static class StockItemUpdates
{
    /// <summary>Reserves <paramref name="quantity"/> units if that many are available; false if not (or the SKU is unknown), and then nothing changed.</summary>
    public static async Task<bool> TryReserveAsync(this DbSet<StockItem> stock, string sku, int quantity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);

        var reserved = await stock
            .Where(s => s.Sku == sku && s.OnHand - s.Reserved >= quantity)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Reserved, s => s.Reserved + quantity), cancellationToken);
        return reserved == 1;
    }

    /// <summary>Gives <paramref name="quantity"/> reserved units back; throws if the SKU does not hold that many reserved.</summary>
    public static async Task ReleaseAsync(this DbSet<StockItem> stock, string sku, int quantity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);

        var released = await stock
            .Where(s => s.Sku == sku && s.Reserved >= quantity)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Reserved, s => s.Reserved - quantity), cancellationToken);
        if (released != 1)
            throw new InvalidOperationException($"{sku} does not hold {quantity} reserved units to release.");
    }
}
