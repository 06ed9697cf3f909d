namespace Saga.Contracts;

/// <summary>
/// Undoes the order's payment. <see cref="PaymentId"/> is null when the orchestrator never learnt the payment's outcome (the
/// step timed out, faulted or was cancelled while it ran): the participant then refunds whatever was charged for the order
/// and, if nothing was, marks the order so that a <see cref="ProcessPayment"/> arriving later is declined.
/// </summary>
public sealed record RefundPayment(Guid OrderId, Guid? PaymentId);
