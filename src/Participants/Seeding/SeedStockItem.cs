namespace Saga.Participants.Seeding;

/// <summary>A demo SKU and the stock it starts with.</summary>
public sealed record SeedStockItem(string Sku, string Name, int OnHand);
