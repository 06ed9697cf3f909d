namespace Saga.Contracts;

/// <summary>The order may go on; <paramref name="CheckId"/> names the recorded decision.</summary>
public sealed record FraudCheckPassed(Guid OrderId, Guid CheckId);
