using Saga.Cli.Parsing;
using Saga.Contracts;

namespace Saga.Integration.Tests.Cli;

/// <summary>The CLI's own value syntaxes: durations and order lines.</summary>
public sealed class CliParsingTests
{
    [TestCase("30s", 30)]
    [TestCase("10m", 600)]
    [TestCase("2h", 7200)]
    [TestCase("1d", 86400)]
    [TestCase("1h30m", 5400)]
    [TestCase("500ms", 0.5)]
    [TestCase("1.5h", 5400)]
    public void A_duration_is_numbers_with_units(string text, double seconds)
    {
        Assert.That(Durations.TryParse(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [TestCase("")]
    [TestCase("10")]
    [TestCase("5x")]
    [TestCase("-1m")]
    [TestCase("0s")]
    [TestCase("m")]
    [TestCase("1 h")]
    public void Anything_else_is_not_a_duration(string text) =>
        Assert.That(Durations.TryParse(text, out _), Is.False);

    [Test]
    public void An_order_line_is_sku_quantity_and_price_with_a_decimal_point()
    {
        Assert.That(OrderItems.TryParse("SKU-KB-001:2:89.90", out var item, out var error), Is.True, error);
        Assert.That(item, Is.EqualTo(new OrderItem("SKU-KB-001", 2, 89.90m)));
    }

    [TestCase("SKU-KB-001:2", "is not SKU:QUANTITY:PRICE")]
    [TestCase(":2:1.00", "is not SKU:QUANTITY:PRICE")]
    [TestCase("SKU:-2:1.00", "quantity '-2'")]
    [TestCase("SKU:2:1,00", "price '1,00'")]
    [TestCase("SKU:2:-1", "price '-1'")]
    public void A_malformed_order_line_says_what_is_wrong(string text, string expected)
    {
        Assert.That(OrderItems.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(expected));
    }
}
