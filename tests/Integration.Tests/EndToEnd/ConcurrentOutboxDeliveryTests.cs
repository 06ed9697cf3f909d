using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// Two instances of the participants service share the queues and the databases, so both consume and both delivery loops
/// reach for the same outbox rows: each loop takes one batch per pass and goes straight on to the next while there is work,
/// whichever instance committed it. The broker's copy of every reply of 50 orders shows each message once: no outbox row
/// was sent by both instances.
/// </summary>
[NonParallelizable]
public sealed class ConcurrentOutboxDeliveryTests
{
    const int Orders = 50;

    static readonly string[] ReplyExchanges =
    [
        "Saga.Contracts:PaymentProcessed", "Saga.Contracts:PaymentDeclined", "Saga.Contracts:InventoryReserved",
        "Saga.Contracts:InventoryReservationFailed", "Saga.Contracts:ShipmentScheduled", "Saga.Contracts:ShipmentSchedulingFailed",
    ];

    [Test]
    public async Task Two_instances_delivering_one_outbox_send_every_reply_exactly_once()
    {
        var settings = await SagaSystemSettings.CreateAsync() with { Overrides = CompetingDelivery() };
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false);
        await using var replies = await MessageCapture.StartAsync(settings.VirtualHost, ReplyExchanges);
        await system.StartParticipantsAsync();
        await system.StartParticipantsAsync();
        var orders = Enumerable.Range(0, Orders).Select(Order).ToList();
        await AddCustomersAndStock(system);

        await Task.WhenAll(orders.Select(system.Submit));

        var ids = orders.Select(o => o.OrderId).ToList();
        await Poll.UntilAsync(async () =>
        {
            await using var orchestrator = system.Orchestrator();
            return await orchestrator.Orders.CountAsync(o => ids.Contains(o.CorrelationId) && o.CurrentState == "Completed") == Orders;
        }, $"all {Orders} orders completed");
        var depths = await system.WaitUntilSettled();

        var captured = (await replies.CollectAsync()).Where(m => m.OrderId is { } id && ids.Contains(id)).ToList();
        var repeated = captured.GroupBy(m => m.MessageId).Where(g => g.Count() > 1).Select(g => $"{g.First().Exchange} {g.Key} ×{g.Count()}").ToList();
        await using var paymentAfter = system.Payment();
        var charges = await paymentAfter.LedgerEntries.CountAsync(e => ids.Contains(e.OrderId));
        Assert.Multiple(() =>
        {
            Assert.That(repeated, Is.Empty, "no reply reached the broker twice");
            Assert.That(captured, Has.Count.EqualTo(3 * Orders), "a payment, a reservation and a shipment reply per order");
            Assert.That(captured.GroupBy(m => m.OrderId).Select(g => g.Select(m => m.Exchange).Order().ToList()), Has.All.EqualTo(new[]
            {
                "Saga.Contracts:InventoryReserved", "Saga.Contracts:PaymentProcessed", "Saga.Contracts:ShipmentScheduled",
            }));
            Assert.That(charges, Is.EqualTo(Orders), "one charge per order");
            Assert.That(depths.Where(d => d.Key.EndsWith("_error", StringComparison.Ordinal)).Sum(d => d.Value), Is.Zero, "nothing faulted");
        });
    }

    // Each order has a customer and a SKU of its own: a charge and a reservation each update a versioned row, and orders
    // that shared one would conflict and retry. The competition here is for the outbox rows only.
    static string Customer(int index) => $"CUST-OUTBOX-{index:00}";

    static string Sku(int index) => $"SKU-OUTBOX-{index:00}";

    static SubmitOrder Order(int index) =>
        TestOrders.Valid() with { CustomerId = Customer(index), Currency = "EUR", Items = [new OrderItem(Sku(index), 1, 9.90m)] };

    static async Task AddCustomersAndStock(SagaSystem system)
    {
        await using var payment = system.Payment();
        await using var inventory = system.Inventory();
        for (var i = 0; i < Orders; i++)
        {
            payment.CustomerAccounts.Add(new CustomerAccount(Customer(i), "EUR", 100m));
            inventory.StockItems.Add(new StockItem(Sku(i), "outbox test item", 1));
        }

        await payment.SaveChangesAsync();
        await inventory.SaveChangesAsync();
    }

    /// <summary>
    /// Each participant's delivery loop locks one batch per pass (a full pass is followed at once by the next) and looks for
    /// batches nobody signalled every 50 ms, so the two instances' loops keep reaching for the same rows.
    /// </summary>
    static Dictionary<string, string?> CompetingDelivery()
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var participant in new[] { "Payment", "Inventory", "Shipping" })
        {
            overrides[$"Participants:{participant}:Outbox:DeliveryBatchSize"] = "1";
            overrides[$"Participants:{participant}:Outbox:PollInterval"] = "00:00:00.050";
        }

        return overrides;
    }
}
