namespace Saga.Contracts;

public sealed record PaymentDeclined(Guid OrderId, string Reason);
