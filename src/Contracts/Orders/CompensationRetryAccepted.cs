namespace Saga.Contracts;

/// <summary>The order is compensating again, starting with <paramref name="Step"/> (the latest step not yet undone).</summary>
public sealed record CompensationRetryAccepted(Guid OrderId, string Step);
