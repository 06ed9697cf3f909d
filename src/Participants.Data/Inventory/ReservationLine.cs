namespace Saga.Participants.Inventory.Data;

/// <summary>What one reservation holds of one SKU; lines of the same SKU in the order are summed into one.</summary>
public class ReservationLine
{
    public ReservationLine(string sku, int quantity)
    {
        Sku = sku;
        Quantity = quantity;
    }

    public Guid OrderId { get; private set; }

    public string Sku { get; private set; }

    public int Quantity { get; private set; }
}
