namespace Saga.Benchmarks.Sagas;

/// <summary>How a planned order must end, and why.</summary>
public enum ExpectedOutcome
{
    /// <summary>Paid, reserved, shipped: <c>Completed</c>.</summary>
    Complete,

    /// <summary>One line is a SKU the inventory does not know: payment refunded, <c>Compensated</c>.</summary>
    FailAtInventory,

    /// <summary>Shipped to a country that is not served: inventory released, payment refunded, <c>Compensated</c>.</summary>
    FailAtShipping,
}
