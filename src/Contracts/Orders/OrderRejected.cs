namespace Saga.Contracts;

/// <summary>The order failed validation; no participant was called.</summary>
public sealed record OrderRejected(Guid OrderId, IReadOnlyList<string> Reasons);
