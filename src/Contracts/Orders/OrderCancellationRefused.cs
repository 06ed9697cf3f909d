namespace Saga.Contracts;

public sealed record OrderCancellationRefused(Guid OrderId, string Reason);
