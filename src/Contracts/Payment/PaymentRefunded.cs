namespace Saga.Contracts;

/// <summary>The order's payment is undone, or is known never to happen; <see cref="PaymentId"/> is null when nothing was charged.</summary>
public sealed record PaymentRefunded(Guid OrderId, Guid? PaymentId, decimal Amount);
