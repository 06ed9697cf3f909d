namespace Saga.SagaHarness.Orders;

/// <summary>How a planned order must end, and why: what its data dictates.</summary>
public enum ExpectedOutcome
{
    /// <summary>Paid, reserved, shipped: <c>Completed</c>.</summary>
    Complete,

    /// <summary>One line is a SKU the inventory does not know: payment refunded, <c>Compensated</c>.</summary>
    FailAtInventory,

    /// <summary>Shipped to a country that is not served: inventory released, payment refunded, <c>Compensated</c>.</summary>
    FailAtShipping,

    /// <summary>The customer has no account: payment declined, nothing to undo, <c>Compensated</c>.</summary>
    DeclineAtPayment,

    /// <summary>The order has no items: <c>Rejected</c> before any step, nothing called.</summary>
    Reject,

    /// <summary>
    /// One unit of a SKU that more orders want than it has in stock: <c>Completed</c> while the stock lasts, then
    /// <c>Compensated</c> at inventory (insufficient stock) with the payment refunded. Which orders get the stock is
    /// a race; how many is not.
    /// </summary>
    CompleteWhileStockLasts,

    /// <summary>
    /// An order of a customer the fraud check blocks: what happens depends on the flow it started on
    /// (<see cref="PlannedOrder.OnFlow"/>): <see cref="Complete"/> on flow 1, which has no fraud check;
    /// <see cref="FailAtFraudCheck"/> on later flows.
    /// </summary>
    BlockedByFraudCheck,

    /// <summary>The fraud check failed the order after its payment: payment refunded, <c>Compensated</c>.</summary>
    FailAtFraudCheck,
}
