using MassTransit;
using Saga.Contracts;
using Saga.Persistence.Sagas;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The persisted state of one order saga. Every field an operator asks about is its own column, readable in SQL. Each
/// step has a reference, a compensated flag and a deadline token of its own, which its description in
/// <c>OrderSteps</c> (in the orchestrator) points at.
/// </summary>
public sealed class OrderState : SagaStateMachineInstance, ISagaVersion, ITimestampedSaga, IVersionedSaga
{
    /// <summary>The length of <see cref="FailureReason"/> and <see cref="CompensationError"/>: longer text is cut, never refused by the save.</summary>
    public const int MaxReasonLength = 4000;

    /// <summary>The length of <see cref="LastRetryBy"/>: a longer name is cut.</summary>
    public const int MaxLastRetryByLength = 200;

    /// <summary>The order id (or, for an order submitted without one, the id of the message that submitted it).</summary>
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = null!;

    public int Version { get; set; }

    /// <summary>
    /// The version of the order flow (its steps and their order) the saga started under; it follows that flow to its
    /// end, whatever flow newer orders start on. Rows from before flows were versioned read 1.
    /// </summary>
    public int DefinitionVersion { get; set; } = 1;

    /// <summary>The order id as submitted; empty when the client sent none (the order is then Rejected).</summary>
    public Guid OrderId { get; set; }

    public string? CustomerId { get; set; }

    /// <summary>The client's own reference for the order (e.g. a purchase order number), if it sent one.</summary>
    public string? CustomerReference { get; set; }

    /// <summary>The customer's given name; only a <c>SubmitOrderV2</c> carries it.</summary>
    public string? CustomerGivenName { get; set; }

    /// <summary>The customer's family name; only a <c>SubmitOrderV2</c> carries it.</summary>
    public string? CustomerFamilyName { get; set; }

    /// <summary>The customer's e-mail address; only a <c>SubmitOrderV2</c> carries it.</summary>
    public string? CustomerEmail { get; set; }

    /// <summary>The customer's phone number, if a <c>SubmitOrderV2</c> gave one.</summary>
    public string? CustomerPhone { get; set; }

    public decimal Amount { get; set; }

    public string? Currency { get; set; }

    public List<OrderItem> Items { get; set; } = [];

    public string? ShipToLine1 { get; set; }

    public string? ShipToCity { get; set; }

    public string? ShipToPostalCode { get; set; }

    public string? ShipToCountry { get; set; }

    public Guid? PaymentId { get; set; }

    /// <summary>The fraud check's reference, once it passed (flow version 2 on).</summary>
    public Guid? FraudCheckId { get; set; }

    public Guid? ReservationId { get; set; }

    public Guid? ShipmentId { get; set; }

    public bool PaymentRefunded { get; set; }

    public bool InventoryReleased { get; set; }

    public bool ShipmentCancelled { get; set; }

    /// <summary>
    /// The step whose command was sent and whose outcome was unknown when the order began compensating: it timed out,
    /// faulted or was cancelled while in flight. It is compensated like a completed step, without a reference: its
    /// participant undoes whatever it did or marks the order so that the command, should it still arrive, is refused.
    /// Compensated therefore means every step is known undone or known never to happen.
    /// </summary>
    public OrderStep? InDoubtStep { get; set; }

    /// <summary>The step whose compensation has been sent and not yet confirmed.</summary>
    public OrderStep? CompensatingStep { get; set; }

    /// <summary>How often the compensation of <see cref="CompensatingStep"/> has been sent; it is sent again when it is not confirmed in time.</summary>
    public int CompensationAttempts { get; set; }

    /// <summary>The scheduling token of the pending compensation's deadline; see <see cref="PaymentDeadlineTokenId"/>.</summary>
    public Guid? CompensationDeadlineTokenId { get; set; }

    /// <summary>Why the order is not completing: the validation failures, the failed step's reason, or the cancellation.</summary>
    public string? FailureReason { get; set; }

    /// <summary>What kind of failure <see cref="FailureReason"/> describes; null while the order has not failed.</summary>
    public OrderFailureKind? FailureKind { get; set; }

    /// <summary>
    /// The scheduling token of the payment step's deadline, set while the saga waits for the payment and cleared when it
    /// answers (or the order is cancelled or given up). A reminder for a cleared or different token is stale and ignored.
    /// </summary>
    public Guid? PaymentDeadlineTokenId { get; set; }

    /// <summary>The scheduling token of the fraud check's deadline; see <see cref="PaymentDeadlineTokenId"/>.</summary>
    public Guid? FraudCheckDeadlineTokenId { get; set; }

    /// <summary>The scheduling token of the inventory step's deadline; see <see cref="PaymentDeadlineTokenId"/>.</summary>
    public Guid? InventoryDeadlineTokenId { get; set; }

    /// <summary>The scheduling token of the shipping step's deadline; see <see cref="PaymentDeadlineTokenId"/>.</summary>
    public Guid? ShippingDeadlineTokenId { get; set; }

    /// <summary>The step whose deadline passed without a reply; the order is then compensated with the reason "timeout".</summary>
    public OrderStep? TimedOutStep { get; set; }

    /// <summary>Why a compensation failed, for the operator who has to finish it; cleared when the operator retries it.</summary>
    public string? CompensationError { get; set; }

    /// <summary>How often an operator retried a failed compensation (<see cref="RetryCompensation"/>).</summary>
    public int CompensationRetries { get; set; }

    /// <summary>When the compensation was last retried; null if it never was.</summary>
    public DateTime? LastRetryAt { get; set; }

    /// <summary>Who last retried the compensation, as the request named them.</summary>
    public string? LastRetryBy { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    public DateTime? CompensatedAt { get; set; }
}
