namespace Saga.Contracts;

/// <summary>A compensation kept failing after retries; the order needs an operator.</summary>
public sealed record OrderCompensationFailed(Guid OrderId, string Step, string Reason);
