namespace Saga.Participants.Shipping.Data;

/// <summary>What a shipment carries of one SKU; lines of the same SKU in the order are summed into one.</summary>
public class ShipmentLine
{
    public const int SkuMaxLength = ParticipantLimits.SkuMaxLength;

    public ShipmentLine(string sku, int quantity)
    {
        Sku = sku;
        Quantity = quantity;
    }

    public Guid OrderId { get; private set; }

    public string Sku { get; private set; }

    public int Quantity { get; private set; }
}
