using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Seeding;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Seeding;

public class ParticipantSeederTests : ParticipantTestBase
{
    [Test]
    public async Task Seeds_every_participant_database()
    {
        var accounts = await Host.Query<PaymentDbContext, List<CustomerAccount>>(db => db.CustomerAccounts.ToListAsync());
        var stock = await Host.Query<InventoryDbContext, List<StockItem>>(db => db.StockItems.ToListAsync());
        var countries = await Host.Query<ShippingDbContext, List<ServedCountry>>(db => db.ServedCountries.ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(accounts.Select(a => (a.CustomerId, a.Currency, a.CreditLimit)),
                Is.EquivalentTo(ParticipantSeedData.CustomerAccounts.Select(s => (s.CustomerId, s.Currency, s.CreditLimit))));
            Assert.That(stock.Select(i => (i.Sku, i.OnHand)),
                Is.EquivalentTo(ParticipantSeedData.StockItems.Select(s => (s.Sku, s.OnHand))));
            Assert.That(countries.Select(c => (c.Code, c.Carrier)),
                Is.EquivalentTo(ParticipantSeedData.ServedCountries.Select(s => (s.Code, s.Carrier))));
        });
    }

    [Test]
    public async Task Seeding_again_adds_nothing_and_keeps_what_changed()
    {
        var orderId = Guid.NewGuid();
        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, ParticipantSeedData.WellFundedCustomerId, 99m, "EUR"));
        await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);

        await ParticipantSeeder.SeedAsync(Host.Services);
        await ParticipantSeeder.SeedAsync(Host.Services);

        var accounts = await Host.Query<PaymentDbContext, List<CustomerAccount>>(db => db.CustomerAccounts.ToListAsync());
        var stockCount = await Host.Query<InventoryDbContext, int>(db => db.StockItems.CountAsync());
        var countryCount = await Host.Query<ShippingDbContext, int>(db => db.ServedCountries.CountAsync());

        Assert.Multiple(() =>
        {
            Assert.That(accounts, Has.Count.EqualTo(ParticipantSeedData.CustomerAccounts.Count));
            Assert.That(accounts.Single(a => a.CustomerId == ParticipantSeedData.WellFundedCustomerId).Used, Is.EqualTo(99m));
            Assert.That(stockCount, Is.EqualTo(ParticipantSeedData.StockItems.Count));
            Assert.That(countryCount, Is.EqualTo(ParticipantSeedData.ServedCountries.Count));
        });
    }

    [Test]
    public async Task Seeding_fills_in_only_what_is_missing()
    {
        var removed = ParticipantSeedData.StockItems[3].Sku;
        await Host.Arrange<InventoryDbContext>(db => db.StockItems.Remove(db.StockItems.Single(s => s.Sku == removed)));

        await ParticipantSeeder.SeedAsync(Host.Services);

        var skus = await Host.Query<InventoryDbContext, List<string>>(db => db.StockItems.Select(s => s.Sku).ToListAsync());
        Assert.That(skus, Is.EquivalentTo(ParticipantSeedData.StockItems.Select(s => s.Sku)));
    }

    [Test]
    public void Seed_data_has_the_entries_demos_rely_on_to_fail()
    {
        var lowCredit = ParticipantSeedData.CustomerAccounts.Single(a => a.CustomerId == ParticipantSeedData.LowCreditCustomerId);
        var lowStock = ParticipantSeedData.StockItems.Single(s => s.Sku == ParticipantSeedData.LowStockSku);

        Assert.Multiple(() =>
        {
            Assert.That(lowCredit.CreditLimit, Is.LessThan(100m));
            Assert.That(lowStock.OnHand, Is.LessThanOrEqualTo(2));
            Assert.That(ParticipantSeedData.CustomerAccounts.Select(a => a.CustomerId), Does.Not.Contain(ParticipantSeedData.UnknownCustomerId));
            Assert.That(ParticipantSeedData.StockItems.Select(s => s.Sku), Does.Not.Contain(ParticipantSeedData.UnknownSku));
            Assert.That(ParticipantSeedData.ServedCountries.Select(c => c.Code), Has.None.AnyOf([.. ParticipantSeedData.UnservedCountryCodes]));
            Assert.That(ParticipantSeedData.CustomerAccounts.Select(a => a.Currency).Distinct(), Is.EquivalentTo(["EUR", "USD", "GBP"]));
        });
    }
}
