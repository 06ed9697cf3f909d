namespace Saga.Participants.Inventory.Data;

/// <summary>Stock of one SKU. <see cref="Reserved"/> units are promised to orders but still on hand.</summary>
public class StockItem
{
    public const int SkuMaxLength = 64;
    public const int NameMaxLength = 200;

    public StockItem(string sku, string name, int onHand)
    {
        if (onHand < 0)
            throw new ArgumentOutOfRangeException(nameof(onHand), onHand, "Stock on hand cannot be negative.");

        Sku = sku;
        Name = name;
        OnHand = onHand;
    }

    public string Sku { get; private set; }

    public string Name { get; private set; }

    public int OnHand { get; private set; }

    public int Reserved { get; private set; }

    /// <summary>
    /// Bumped on every change and checked by the UPDATE, so concurrent reservations competing for the last units
    /// cannot both take them: the loser fails with a concurrency conflict and is retried on fresh data.
    /// </summary>
    public int Version { get; private set; }

    public int Available => OnHand - Reserved;

    public void Reserve(int quantity)
    {
        if (quantity <= 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "A reservation must be positive.");

        if (quantity > Available)
            throw new InvalidOperationException($"{Sku} has {Available} available, cannot reserve {quantity}.");

        Reserved += quantity;
        Version++;
    }

    public void Release(int quantity)
    {
        if (quantity <= 0)
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, "A release must be positive.");

        if (quantity > Reserved)
            throw new InvalidOperationException($"{Sku} has {Reserved} reserved, cannot release {quantity}.");

        Reserved -= quantity;
        Version++;
    }
}
