namespace Saga.Contracts;

public sealed record CompensationRetryRefused(Guid OrderId, string Reason);
