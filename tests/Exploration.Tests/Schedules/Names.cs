namespace Saga.Exploration.Tests.Schedules;

/// <summary>The customer account and SKU an explored order has to itself.</summary>
public sealed record Names(string Customer, string Sku)
{
    public static Names Of(Guid orderId) => new($"EXP-C-{orderId:N}", $"EXP-S-{orderId:N}");
}
