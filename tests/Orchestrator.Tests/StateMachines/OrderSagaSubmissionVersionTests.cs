using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.StateMachines;

/// <summary>
/// Both versions of the submit contract start the same saga: <see cref="SubmitOrder"/> (with or without its later
/// <c>CustomerReference</c>) and <see cref="SubmitOrderV2"/>, whose customer block is validated and kept.
/// </summary>
public sealed class OrderSagaSubmissionVersionTests
{
    [Test]
    public async Task A_version_2_order_completes_like_a_version_1_order_and_keeps_the_customers_name_and_contact()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.ValidV2() with { CustomerReference = "PO-4711" };
        var id = order.OrderId;

        await host.Publish(order);

        var payment = await host.Sent<ProcessPayment>(id, m => m.OrderId);
        Assert.That(payment, Is.EqualTo(new ProcessPayment(id, "CUST-1001", Orders.ValidTotal, "EUR")));
        await host.WaitForState(id, m => m.AwaitingPayment);
        await host.PayAndAwaitInventory(id, Guid.NewGuid());
        await host.ReserveAndAwaitShipment(id, Guid.NewGuid());
        await host.Publish(new ShipmentScheduled(id, Guid.NewGuid()));
        var saga = await host.WaitForState(id, m => m.Completed);

        Assert.Multiple(() =>
        {
            Assert.That(saga.CustomerId, Is.EqualTo("CUST-1001"));
            Assert.That(saga.CustomerReference, Is.EqualTo("PO-4711"));
            Assert.That(saga.CustomerGivenName, Is.EqualTo("Ada"));
            Assert.That(saga.CustomerFamilyName, Is.EqualTo("Lovelace"));
            Assert.That(saga.CustomerEmail, Is.EqualTo("ada@example.com"));
            Assert.That(saga.CustomerPhone, Is.EqualTo("+44 20 7946 0958"));
            Assert.That(saga.Amount, Is.EqualTo(Orders.ValidTotal));
            Assert.That(saga.Items, Is.EqualTo(order.Items));
            Assert.That(saga.ShipToCountry, Is.EqualTo("DE"));
        });
    }

    [Test]
    public async Task A_version_1_order_keeps_its_customer_reference_and_has_no_contact()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid() with { CustomerReference = "PO-4711" };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.AwaitingPayment);
        Assert.Multiple(() =>
        {
            Assert.That(saga.CustomerReference, Is.EqualTo("PO-4711"));
            Assert.That(new[] { saga.CustomerGivenName, saga.CustomerFamilyName, saga.CustomerEmail, saga.CustomerPhone }, Is.All.Null);
        });
    }

    [Test]
    public async Task An_invalid_version_2_customer_is_rejected_with_its_reasons_and_calls_no_participant()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.ValidV2() with
        {
            Customer = Orders.ValidCustomer with { Name = new PersonName("Ada", " "), Contact = new ContactDetails("not-an-address") },
        };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.Rejected);
        var rejected = await host.Published<OrderRejected>(order.OrderId, m => m.OrderId);
        Assert.Multiple(() =>
        {
            Assert.That(rejected.Reasons, Is.EqualTo(new[]
            {
                "Customer.Name.Family is required", "Customer.Contact.Email 'not-an-address' is not an e-mail address",
            }));
            Assert.That(saga.FailureReason, Is.EqualTo(string.Join("; ", rejected.Reasons)));
            Assert.That(saga.CustomerEmail, Is.EqualTo("not-an-address"), "kept for the operator, as every field of a rejected order");
            Assert.That(host.AnySent<ProcessPayment>(), Is.False);
        });
    }

    [Test]
    public async Task An_oversized_version_2_customer_is_rejected_and_every_stored_field_fits_its_column()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var huge = new string('x', 10_000);
        var order = Orders.ValidV2() with
        {
            Customer = new OrderCustomer(huge, new PersonName(huge, huge), new ContactDetails(huge, huge)),
            CustomerReference = huge,
        };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.Rejected);
        Assert.Multiple(() =>
        {
            Assert.That(saga.CustomerId!, Has.Length.EqualTo(OrderLimits.MaxCustomerIdLength));
            Assert.That(saga.CustomerReference!, Has.Length.EqualTo(OrderLimits.MaxCustomerReferenceLength));
            Assert.That(saga.CustomerGivenName!, Has.Length.EqualTo(OrderLimits.MaxGivenNameLength));
            Assert.That(saga.CustomerFamilyName!, Has.Length.EqualTo(OrderLimits.MaxFamilyNameLength));
            Assert.That(saga.CustomerEmail!, Has.Length.EqualTo(OrderLimits.MaxEmailLength));
            Assert.That(saga.CustomerPhone!, Has.Length.EqualTo(OrderLimits.MaxPhoneLength));
        });
    }

    [Test]
    public async Task A_customer_reference_with_control_characters_is_rejected()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var order = Orders.Valid() with { CustomerReference = "PO-1\r\nforged" };

        await host.Publish(order);

        var saga = await host.WaitForState(order.OrderId, m => m.Rejected);
        Assert.That(saga.FailureReason, Is.EqualTo("CustomerReference contains control characters"));
    }

    [Test]
    public async Task An_order_submitted_as_version_1_and_then_as_version_2_is_a_duplicate_that_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.Publish(Orders.Valid(id));
        var before = await host.WaitForState(id, m => m.AwaitingPayment);
        await host.Sent<ProcessPayment>(id, m => m.OrderId);

        await host.Publish(Orders.ValidV2(id) with { Currency = "USD" });
        await host.Consumed<SubmitOrderV2>(x => x.OrderId == id);

        var after = await host.Find(id);
        Assert.Multiple(async () =>
        {
            Assert.That(after!.Currency, Is.EqualTo("EUR"));
            Assert.That(after.CustomerEmail, Is.Null);
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(await host.Query(db => db.Orders.CountAsync()), Is.EqualTo(1));
            Assert.That(host.CountSent<ProcessPayment>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_order_submitted_as_version_2_and_then_as_version_1_is_a_duplicate_that_changes_nothing()
    {
        await using var host = await OrderSagaTestHost.StartAsync();
        var id = Guid.NewGuid();
        await host.Publish(Orders.ValidV2(id));
        var before = await host.WaitForState(id, m => m.AwaitingPayment);
        await host.Sent<ProcessPayment>(id, m => m.OrderId);

        await host.Publish(Orders.Valid(id) with { CustomerId = "SOMEONE-ELSE" });
        await host.Consumed<SubmitOrder>(x => x.OrderId == id);

        var after = await host.Find(id);
        Assert.Multiple(async () =>
        {
            Assert.That(after!.CustomerId, Is.EqualTo("CUST-1001"));
            Assert.That(after.CustomerEmail, Is.EqualTo("ada@example.com"));
            Assert.That(after.Version, Is.EqualTo(before.Version));
            Assert.That(await host.Query(db => db.Orders.CountAsync()), Is.EqualTo(1));
            Assert.That(host.CountSent<ProcessPayment>(id, m => m.OrderId), Is.EqualTo(1));
        });
    }
}
