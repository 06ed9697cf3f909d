namespace Saga.Contracts;

/// <summary>The customer asks to cancel an order. Answered with <see cref="OrderCancellationAccepted"/> or <see cref="OrderCancellationRefused"/>.</summary>
public sealed record CancelOrder(Guid OrderId, string Reason);
