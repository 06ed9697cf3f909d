using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Seeding;

/// <summary>
/// Inserts the <see cref="ParticipantSeedData"/> rows that are missing into databases whose schema exists (migrated).
/// Existing rows are left as they are, so running it on every start neither duplicates nor resets anything.
/// </summary>
public static class ParticipantSeeder
{
    /// <summary>Seeds the participant databases registered in <paramref name="services"/> (all three, or the subset this process runs).</summary>
    public static async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);

        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;

        if (provider.GetService<PaymentDbContext>() is { } payment)
            await SeedAsync(payment, cancellationToken);
        if (provider.GetService<InventoryDbContext>() is { } inventory)
            await SeedAsync(inventory, cancellationToken);
        if (provider.GetService<ShippingDbContext>() is { } shipping)
            await SeedAsync(shipping, cancellationToken);
    }

    public static async Task SeedAsync(PaymentDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        var existing = await db.CustomerAccounts.Select(a => a.CustomerId).ToListAsync(cancellationToken);
        db.CustomerAccounts.AddRange(ParticipantSeedData.CustomerAccounts
            .Where(seed => !existing.Contains(seed.CustomerId, StringComparer.Ordinal))
            .Select(seed => new CustomerAccount(seed.CustomerId, seed.Currency, seed.CreditLimit)));

        await db.SaveChangesAsync(cancellationToken);
    }

    public static async Task SeedAsync(InventoryDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        var existing = await db.StockItems.Select(i => i.Sku).ToListAsync(cancellationToken);
        db.StockItems.AddRange(ParticipantSeedData.StockItems
            .Where(seed => !existing.Contains(seed.Sku, StringComparer.Ordinal))
            .Select(seed => new StockItem(seed.Sku, seed.Name, seed.OnHand)));

        await db.SaveChangesAsync(cancellationToken);
    }

    public static async Task SeedAsync(ShippingDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);

        var existing = await db.ServedCountries.Select(c => c.Code).ToListAsync(cancellationToken);
        db.ServedCountries.AddRange(ParticipantSeedData.ServedCountries
            .Where(seed => !existing.Contains(seed.Code, StringComparer.Ordinal))
            .Select(seed => new ServedCountry(seed.Code, seed.Carrier)));

        await db.SaveChangesAsync(cancellationToken);
    }
}
