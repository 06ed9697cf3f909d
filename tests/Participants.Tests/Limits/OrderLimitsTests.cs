using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Limits;

/// <summary>
/// The orchestrator accepts orders within <see cref="OrderLimits"/>; none of them may then fail in a participant for its
/// size. PostgreSQL enforces the column lengths and precisions, so there the largest order is really stored.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.PostgreSql)]
public class OrderLimitsTests(DatabaseProvider database) : ParticipantTestBase
{
    protected override ParticipantsTestHostOptions HostOptions { get; } = new() { Database = database };

    [Test]
    public void No_participant_limit_is_narrower_than_what_the_orchestrator_accepts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(OrderLimits.MaxCustomerIdLength, Is.LessThanOrEqualTo(ParticipantLimits.CustomerIdMaxLength));
            Assert.That(OrderLimits.MaxSkuLength, Is.LessThanOrEqualTo(ParticipantLimits.SkuMaxLength));
            Assert.That(OrderLimits.MinQuantity, Is.GreaterThanOrEqualTo(ParticipantLimits.MinQuantity));
            Assert.That((long)OrderLimits.MaxItems * OrderLimits.MaxQuantity, Is.LessThanOrEqualTo(ParticipantLimits.MaxQuantityPerSku),
                "every line of the order for one SKU");
            Assert.That(OrderLimits.MaxTotal, Is.LessThanOrEqualTo(ParticipantLimits.MaxAmount));
            Assert.That(OrderLimits.MaxAddressLine1Length, Is.LessThanOrEqualTo(ParticipantLimits.AddressLine1MaxLength));
            Assert.That(OrderLimits.MaxCityLength, Is.LessThanOrEqualTo(ParticipantLimits.CityMaxLength));
            Assert.That(OrderLimits.MaxPostalCodeLength, Is.LessThanOrEqualTo(ParticipantLimits.PostalCodeMaxLength));
        });
    }

    [Test]
    public async Task The_largest_payment_the_orchestrator_accepts_is_charged()
    {
        var customer = new string('C', OrderLimits.MaxCustomerIdLength);
        await Host.Arrange<PaymentDbContext>(db => db.CustomerAccounts.Add(new CustomerAccount(customer, "EUR", ParticipantLimits.MaxAmount)));
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Payment, new ProcessPayment(orderId, customer, OrderLimits.MaxTotal, "EUR"));

        var processed = await Host.Published<PaymentProcessed>(m => m.OrderId == orderId);
        var used = await Host.Query<PaymentDbContext, decimal>(db => db.CustomerAccounts.Where(a => a.CustomerId == customer).Select(a => a.Used).SingleAsync());
        Assert.Multiple(() =>
        {
            Assert.That(processed.Amount, Is.EqualTo(OrderLimits.MaxTotal));
            Assert.That(used, Is.EqualTo(OrderLimits.MaxTotal));
        });
    }

    [Test]
    public async Task The_largest_order_the_orchestrator_accepts_is_reserved_and_scheduled()
    {
        var sku = new string('S', OrderLimits.MaxSkuLength);
        const int units = OrderLimits.MaxItems * OrderLimits.MaxQuantity;
        await Host.Arrange<InventoryDbContext>(db => db.StockItems.Add(new StockItem(sku, "largest order", units)));
        var items = Enumerable.Repeat(new OrderItem(sku, OrderLimits.MaxQuantity, 1m), OrderLimits.MaxItems).ToList();
        var address = new ShippingAddress(
            new string('L', OrderLimits.MaxAddressLine1Length), new string('C', OrderLimits.MaxCityLength), new string('9', OrderLimits.MaxPostalCodeLength), "NL");
        var orderId = Guid.NewGuid();

        await Host.Send(QueueNames.Inventory, new ReserveInventory(orderId, items));
        await Host.Send(QueueNames.Shipping, new ScheduleShipment(orderId, address, items));

        await Host.Published<InventoryReserved>(m => m.OrderId == orderId);
        await Host.Published<ShipmentScheduled>(m => m.OrderId == orderId);
        var reserved = await Host.Query<InventoryDbContext, int>(db => db.StockItems.Where(s => s.Sku == sku).Select(s => s.Reserved).SingleAsync());
        var shipment = await Host.Query<ShippingDbContext, Shipment>(db => db.Shipments.Include(s => s.Lines).SingleAsync(s => s.OrderId == orderId));
        Assert.Multiple(() =>
        {
            Assert.That(reserved, Is.EqualTo(units));
            Assert.That(shipment.City, Is.EqualTo(address.City));
            Assert.That(shipment.Lines.Single().Quantity, Is.EqualTo(units));
        });
    }
}
