namespace Saga.Contracts;

/// <summary>The order did not complete; every step it had completed was undone.</summary>
public sealed record OrderCompensated(Guid OrderId, string Reason);
