namespace Saga.Contracts;

public sealed record PaymentRefunded(Guid OrderId, Guid PaymentId, decimal Amount);
