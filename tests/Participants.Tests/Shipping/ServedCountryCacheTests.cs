using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Saga.Contracts;
using Saga.Participants.Shipping.Countries;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;

namespace Saga.Participants.Tests.Shipping;

/// <summary>
/// The served countries are read once per lifetime, not on every order: an operator's change to <c>served_countries</c> must
/// still take effect, a new country at once, a removal or a new carrier within the lifetime.
/// </summary>
public class ServedCountryCacheTests : ParticipantTestBase
{
    private static readonly TimeSpan _lifetime = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new();

    [Test]
    public async Task A_country_added_after_the_countries_were_read_is_served_from_the_next_order()
    {
        await Schedule(Guid.NewGuid(), "DE");
        await Host.Arrange<ShippingDbContext>(db => db.ServedCountries.Add(new ServedCountry("BR", "Correios")));
        var orderId = Guid.NewGuid();

        await Schedule(orderId, "BR");

        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(shipment.Status, Is.EqualTo(ShipmentStatus.Scheduled));
            Assert.That(shipment.Carrier, Is.EqualTo("Correios"));
        });
    }

    [Test]
    public async Task A_country_removed_is_served_until_the_lifetime_has_passed_and_then_is_not()
    {
        var cache = Cache(_lifetime);
        var before = await FindCarrier(cache, "DE");
        await Host.Arrange<ShippingDbContext>(db => db.ServedCountries.Remove(db.ServedCountries.Single(c => c.Code == "DE")));

        var withinLifetime = await FindCarrier(cache, "DE");
        _clock.Advance(_lifetime);
        var afterLifetime = await FindCarrier(cache, "DE");

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("DHL"));
            Assert.That(withinLifetime, Is.EqualTo("DHL"));
            Assert.That(afterLifetime, Is.Null);
        });
    }

    [Test]
    public async Task A_new_carrier_is_used_once_the_lifetime_has_passed()
    {
        var cache = Cache(_lifetime);
        await FindCarrier(cache, "FR");
        await Host.Arrange<ShippingDbContext>(db =>
        {
            db.ServedCountries.Remove(db.ServedCountries.Single(c => c.Code == "FR"));
            db.ServedCountries.Add(new ServedCountry("FR", "Chronopost"));
        });

        var withinLifetime = await FindCarrier(cache, "FR");
        _clock.Advance(_lifetime);
        var afterLifetime = await FindCarrier(cache, "FR");

        Assert.Multiple(() =>
        {
            Assert.That(withinLifetime, Is.EqualTo("Colissimo"));
            Assert.That(afterLifetime, Is.EqualTo("Chronopost"));
        });
    }

    [Test]
    public async Task With_a_lifetime_of_zero_every_lookup_reads_the_table()
    {
        var cache = Cache(TimeSpan.Zero);
        var before = await FindCarrier(cache, "NL");
        await Host.Arrange<ShippingDbContext>(db => db.ServedCountries.Remove(db.ServedCountries.Single(c => c.Code == "NL")));

        var after = await FindCarrier(cache, "NL");

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo("PostNL"));
            Assert.That(after, Is.Null);
        });
    }

    [TestCase("-00:00:01")]
    [TestCase("01:00:01")]
    public void A_lifetime_below_zero_or_above_an_hour_is_refused(string lifetime)
    {
        var result = new ServedCountryCacheOptionsValidator().Validate(null, new ServedCountryCacheOptions { Lifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(result.Failed, Is.True);
    }

    [TestCase("00:00:00")]
    [TestCase("01:00:00")]
    public void A_lifetime_from_zero_to_an_hour_is_accepted(string lifetime)
    {
        var result = new ServedCountryCacheOptionsValidator().Validate(null, new ServedCountryCacheOptions { Lifetime = TimeSpan.Parse(lifetime, System.Globalization.CultureInfo.InvariantCulture) });

        Assert.That(result.Succeeded, Is.True);
    }

    private async Task Schedule(Guid orderId, string country)
    {
        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, new ShippingAddress("Street 1", "City", "12345", country), [new("SKU-1", 1, 1m)]));
        await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
    }

    private ServedCountryCache Cache(TimeSpan lifetime) => new(Options.Create(new ServedCountryCacheOptions { Lifetime = lifetime }), _clock);

    private Task<string?> FindCarrier(ServedCountryCache cache, string code) =>
        Host.Query<ShippingDbContext, string?>(db => cache.FindCarrierAsync(db, code, CancellationToken.None));
}
