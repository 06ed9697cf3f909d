namespace Saga.Contracts;

public sealed record RefundPayment(Guid OrderId, Guid PaymentId);
