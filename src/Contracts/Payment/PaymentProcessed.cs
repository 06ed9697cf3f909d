namespace Saga.Contracts;

public sealed record PaymentProcessed(Guid OrderId, Guid PaymentId, decimal Amount, string Currency);
