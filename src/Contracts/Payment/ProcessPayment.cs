namespace Saga.Contracts;

public sealed record ProcessPayment(Guid OrderId, string CustomerId, decimal Amount, string Currency);
