namespace Saga.Contracts;

public sealed record OrderCancellationAccepted(Guid OrderId);
