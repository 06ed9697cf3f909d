namespace Saga.Contracts;

/// <summary>The order must not go on, for <paramref name="Reason"/>; the saga undoes its payment.</summary>
public sealed record FraudCheckFailed(Guid OrderId, string Reason);
