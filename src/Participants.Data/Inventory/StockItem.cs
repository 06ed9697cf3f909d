namespace Saga.Participants.Inventory.Data;

/// <summary>
/// Stock of one SKU. <see cref="Reserved"/> units are promised to orders but still on hand; it only ever changes through
/// <see cref="StockItemUpdates"/>, one conditional UPDATE of this row each.
/// </summary>
public class StockItem
{
    public const int SkuMaxLength = ParticipantLimits.SkuMaxLength;
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

    public int Available => OnHand - Reserved;
}
