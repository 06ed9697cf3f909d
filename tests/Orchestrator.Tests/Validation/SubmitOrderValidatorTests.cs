using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;
using Saga.SagaOrchestrator.Validation;

namespace Saga.Orchestrator.Tests.Validation;

public sealed class SubmitOrderValidatorTests
{
    static readonly ShippingAddress Address = new("Hauptstrasse 1", "Berlin", "10115", "DE");

    [Test]
    public void A_valid_order_has_no_reasons() => Assert.That(SubmitOrderValidator.Validate(Orders.Valid()), Is.Empty);

    static IEnumerable<TestCaseData> InvalidOrders()
    {
        var valid = Orders.Valid();
        yield return Case(valid with { OrderId = Guid.Empty }, "OrderId is required");
        yield return Case(valid with { CustomerId = "" }, "CustomerId is required");
        yield return Case(valid with { CustomerId = null! }, "CustomerId is required");
        yield return Case(valid with { CustomerId = new string('c', 65) }, "CustomerId is longer than 64 characters");
        yield return Case(valid with { Items = [] }, "the order has no items");
        yield return Case(valid with { Items = null! }, "the order has no items");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", 0, 1m)] }, "item 1 (SKU-1): quantity 0 is outside 1..10000");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", -3, 1m)] }, "item 1 (SKU-1): quantity -3 is outside 1..10000");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", 10_001, 1m)] }, "item 1 (SKU-1): quantity 10001 is outside 1..10000");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", 1, -0.01m)] }, "item 1 (SKU-1): unit price -0.01 is negative");
        yield return Case(valid with { Items = [new OrderItem(" ", 1, 1m)] }, "item 1: Sku is required");
        yield return Case(valid with { Items = [null!] }, "item 1 is empty");
        yield return Case(valid with { Items = Enumerable.Range(1, 101).Select(i => new OrderItem($"SKU-{i}", 1, 1m)).ToList() },
            "the order has 101 items; at most 100 are allowed");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", 10_000, decimal.MaxValue / 2)] },
            "item 1 (SKU-1): unit price is larger than 999999999999.99");
        yield return Case(valid with { Items = [new OrderItem("SKU-1", 10_000, 100_000_000m)] }, "the order total is larger than 999999999999.99");
        yield return Case(valid with { Items = [new OrderItem(new string('s', 65), 1, 1m)] },
            "item 1 ('ssssssssssssssssssssssssssssssssssssssss…' (65 characters)): Sku is longer than 64 characters");
        yield return Case(valid with { ShippingAddress = Address with { City = new string('c', 101) } }, "ShippingAddress.City is longer than 100 characters");
        yield return Case(valid with { ShippingAddress = Address with { PostalCode = new string('1', 21) } },
            "ShippingAddress.PostalCode is longer than 20 characters");
        yield return Case(valid with { ShippingAddress = Address with { Line1 = new string('l', 201) } },
            "ShippingAddress.Line1 is longer than 200 characters");
        yield return Case(valid with { Currency = "" }, "Currency is required");
        yield return Case(valid with { Currency = "XYZ" }, "Currency 'XYZ' is not an ISO 4217 code");
        yield return Case(valid with { Currency = "eur" }, "Currency 'eur' is not an ISO 4217 code");
        yield return Case(valid with { ShippingAddress = null! }, "ShippingAddress is required");
        yield return Case(valid with { ShippingAddress = Address with { Country = "XX" } }, "country 'XX' is not an ISO 3166-1 alpha-2 code");
        yield return Case(valid with { ShippingAddress = Address with { Country = "DEU" } }, "country 'DEU' is not an ISO 3166-1 alpha-2 code");
        yield return Case(valid with { ShippingAddress = Address with { Country = "" } }, "ShippingAddress.Country is required");
        yield return Case(valid with { ShippingAddress = Address with { City = "" } }, "ShippingAddress.City is required");
        yield return Case(valid with { ShippingAddress = Address with { Line1 = "" } }, "ShippingAddress.Line1 is required");
        yield return Case(valid with { ShippingAddress = Address with { PostalCode = " " } }, "ShippingAddress.PostalCode is required");
    }

    static TestCaseData Case(SubmitOrder order, string reason) => new TestCaseData(order).Returns(new[] { reason }).SetName($"Rejects: {reason}");

    [TestCaseSource(nameof(InvalidOrders))]
    public IReadOnlyList<string> Each_rule_gives_its_own_reason(SubmitOrder order) => SubmitOrderValidator.Validate(order);

    [Test]
    public void Every_reason_is_listed_not_just_the_first()
    {
        var order = new SubmitOrder(Guid.Empty, "", [new OrderItem("", 0, -1m)], "??", new ShippingAddress("", "", "", "??"));

        Assert.That(SubmitOrderValidator.Validate(order), Has.Count.EqualTo(10));
    }

    [Test]
    public void Client_text_is_quoted_cut_short_so_reasons_stay_small_whatever_the_input()
    {
        var huge = new string('x', 1_000_000);
        var order = Orders.Valid() with
        {
            Currency = huge,
            ShippingAddress = Address with { Country = huge },
            Items = Enumerable.Range(0, 1_000_000).Select(_ => new OrderItem(huge, 0, -1m)).ToList(),
        };

        var reasons = SubmitOrderValidator.Validate(order);

        Assert.Multiple(() =>
        {
            Assert.That(reasons, Has.Count.EqualTo(3), "items beyond the limit are not listed one by one");
            Assert.That(string.Join("; ", reasons).Length, Is.LessThan(500));
            Assert.That(reasons[1], Does.StartWith("Currency 'xxxx").And.EndWith("…' (1000000 characters) is not an ISO 4217 code"));
        });
    }

    [Test]
    public void Limits_at_their_edge_are_allowed()
    {
        var order = Orders.Valid() with
        {
            CustomerId = new string('c', OrderLimits.MaxCustomerIdLength),
            Items = [new OrderItem(new string('s', OrderLimits.MaxSkuLength), 1, OrderLimits.MaxTotal)],
            ShippingAddress = Address with
            {
                Line1 = new string('l', OrderLimits.MaxAddressLine1Length),
                City = new string('c', OrderLimits.MaxCityLength),
                PostalCode = new string('1', OrderLimits.MaxPostalCodeLength),
            },
        };

        Assert.That(SubmitOrderValidator.Validate(order), Is.Empty);
    }

    [Test]
    public void Exactly_100_items_and_the_quantity_bounds_are_allowed()
    {
        var items = Enumerable.Range(1, 100).Select(i => new OrderItem($"SKU-{i}", i % 2 == 0 ? 1 : 10_000, 0m)).ToList();

        Assert.That(SubmitOrderValidator.Validate(Orders.Valid() with { Items = items }), Is.Empty);
    }

    [Test]
    public void The_total_is_rounded_to_the_minor_unit_that_payment_charges()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SubmitOrderValidator.Total([new OrderItem("SKU-1", 3, 0.3333m)]), Is.EqualTo(1.00m));
            Assert.That(SubmitOrderValidator.Total([new OrderItem("SKU-1", 1, 0.125m)]), Is.EqualTo(0.12m));
            Assert.That(SubmitOrderValidator.Total([new OrderItem("SKU-1", 2, 49.90m), new OrderItem("SKU-2", 1, 25m)]), Is.EqualTo(124.80m));
        });
    }
}
