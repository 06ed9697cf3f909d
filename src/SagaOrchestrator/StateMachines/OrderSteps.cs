using Saga.Contracts;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The order saga's forward steps, described once each, in the order the latest flow runs them; compensation walks them
/// backwards. Which of them an order runs is its flow's business (<see cref="OrderFlows"/>).
/// </summary>
public static class OrderSteps
{
    public static OrderStepDescription Payment { get; } = new()
    {
        Step = OrderStep.Payment,
        TelemetryName = "payment",
        Queue = QueueNames.Payment,
        AwaitingState = nameof(OrderStateMachine.AwaitingPayment),
        DeclinedAs = "payment declined",
        FaultedAs = "payment failed",
        Command = order => new ProcessPayment(order.CorrelationId, order.CustomerId!, order.Amount, order.Currency!),
        Compensation = order => new RefundPayment(order.CorrelationId, order.PaymentId),
        TimedOut = (orderId, dueAt) => new PaymentStepTimedOut(orderId, dueAt),
        Deadline = deadlines => deadlines.Payment,
        Reference = new(x => x.PaymentId),
        Compensated = new(x => x.PaymentRefunded),
        DeadlineToken = new(x => x.PaymentDeadlineTokenId),
    };

    /// <summary>Decided by the payment participant, on its queue; nothing to undo (see <see cref="OrderStepDescription.Compensation"/>).</summary>
    public static OrderStepDescription FraudCheck { get; } = new()
    {
        Step = OrderStep.FraudCheck,
        TelemetryName = "fraud_check",
        Queue = QueueNames.Payment,
        AwaitingState = nameof(OrderStateMachine.AwaitingFraudCheck),
        DeclinedAs = "fraud check failed",
        FaultedAs = "fraud check faulted",
        Command = order => new CheckFraud(order.CorrelationId, order.CustomerId!, order.Amount, order.Currency!),
        TimedOut = (orderId, dueAt) => new FraudCheckStepTimedOut(orderId, dueAt),
        Deadline = deadlines => deadlines.FraudCheck,
        Reference = new(x => x.FraudCheckId),
        DeadlineToken = new(x => x.FraudCheckDeadlineTokenId),
    };

    public static OrderStepDescription Inventory { get; } = new()
    {
        Step = OrderStep.Inventory,
        TelemetryName = "inventory",
        Queue = QueueNames.Inventory,
        AwaitingState = nameof(OrderStateMachine.AwaitingInventory),
        DeclinedAs = "inventory not reserved",
        FaultedAs = "inventory failed",
        Command = order => new ReserveInventory(order.CorrelationId, order.Items),
        Compensation = order => new ReleaseInventory(order.CorrelationId, order.ReservationId),
        TimedOut = (orderId, dueAt) => new InventoryStepTimedOut(orderId, dueAt),
        Deadline = deadlines => deadlines.Inventory,
        Reference = new(x => x.ReservationId),
        Compensated = new(x => x.InventoryReleased),
        DeadlineToken = new(x => x.InventoryDeadlineTokenId),
    };

    public static OrderStepDescription Shipping { get; } = new()
    {
        Step = OrderStep.Shipping,
        TelemetryName = "shipping",
        Queue = QueueNames.Shipping,
        AwaitingState = nameof(OrderStateMachine.AwaitingShipment),
        DeclinedAs = "shipment not scheduled",
        FaultedAs = "shipping failed",
        Command = order => new ScheduleShipment(order.CorrelationId,
            new ShippingAddress(order.ShipToLine1!, order.ShipToCity!, order.ShipToPostalCode!, order.ShipToCountry!), order.Items),
        Compensation = order => new CancelShipment(order.CorrelationId, order.ShipmentId),
        TimedOut = (orderId, dueAt) => new ShippingStepTimedOut(orderId, dueAt),
        Deadline = deadlines => deadlines.Shipping,
        Reference = new(x => x.ShipmentId),
        Compensated = new(x => x.ShipmentCancelled),
        DeadlineToken = new(x => x.ShippingDeadlineTokenId),
    };

    /// <summary>Every step, in the order the latest flow runs them.</summary>
    public static IReadOnlyList<OrderStepDescription> All { get; } = [Payment, FraudCheck, Inventory, Shipping];

    /// <summary>Every step, latest first: the order in which they are undone.</summary>
    public static IReadOnlyList<OrderStepDescription> LatestFirst { get; } = [.. All.Reverse()];

    public static OrderStepDescription Of(OrderStep step) =>
        All.FirstOrDefault(x => x.Step == step) ?? throw new ArgumentOutOfRangeException(nameof(step), step, "no such order step");

    /// <summary>The step whose reply a saga in <paramref name="state"/> waits for; null in any other state.</summary>
    public static OrderStepDescription? AwaitedIn(string? state) => All.FirstOrDefault(x => x.AwaitingState == state);
}
