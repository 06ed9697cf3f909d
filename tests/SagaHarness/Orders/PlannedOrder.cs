using Saga.Contracts;

namespace Saga.SagaHarness.Orders;

/// <summary>The <paramref name="Index"/>-th order of a run (warm-up included) and how it must end.</summary>
public sealed record PlannedOrder(int Index, SubmitOrder Order, ExpectedOutcome Outcome)
{
    /// <summary>The saga's terminal state; for <see cref="ExpectedOutcome.CompleteWhileStockLasts"/> the one it has if it got the stock.</summary>
    public string ExpectedState => Outcome switch
    {
        ExpectedOutcome.Complete or ExpectedOutcome.CompleteWhileStockLasts => "Completed",
        ExpectedOutcome.Reject => "Rejected",
        _ => "Compensated",
    };

    /// <summary>How a compensated saga's <c>failure_reason</c> begins, as the state machine words it; null when it is not compensated.</summary>
    public string? ExpectedFailure => Outcome switch
    {
        ExpectedOutcome.FailAtInventory => "inventory not reserved:",
        ExpectedOutcome.CompleteWhileStockLasts => "inventory not reserved: insufficient stock",
        ExpectedOutcome.FailAtShipping => "shipment not scheduled:",
        ExpectedOutcome.DeclineAtPayment => "payment declined:",
        ExpectedOutcome.FailAtFraudCheck => FraudCheckFailure,
        _ => null,
    };

    /// <summary>Whether the payment step charged the customer (and so a compensation must refund it).</summary>
    public bool Charges => Outcome is ExpectedOutcome.Complete or ExpectedOutcome.FailAtInventory or ExpectedOutcome.FailAtShipping
        or ExpectedOutcome.CompleteWhileStockLasts or ExpectedOutcome.BlockedByFraudCheck or ExpectedOutcome.FailAtFraudCheck;

    /// <summary>How the state machine words a failed fraud check in <c>failure_reason</c>.</summary>
    public const string FraudCheckFailure = "fraud check failed:";

    /// <summary>The first flow version with the fraud check between payment and inventory (<c>OrderFlows.V2</c>).</summary>
    public const int FirstFlowWithFraudCheck = 2;

    /// <summary>The plan as the flow <paramref name="definitionVersion"/> the order started on decides it; only a blocked customer's order differs.</summary>
    public PlannedOrder OnFlow(int definitionVersion) => Outcome != ExpectedOutcome.BlockedByFraudCheck ? this
        : this with { Outcome = definitionVersion >= FirstFlowWithFraudCheck ? ExpectedOutcome.FailAtFraudCheck : ExpectedOutcome.Complete };
}
