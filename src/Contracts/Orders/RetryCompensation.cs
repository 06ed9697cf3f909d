namespace Saga.Contracts;

/// <summary>
/// An operator asks a CompensationFailed order to try its compensation again (after fixing whatever made it fail). Answered
/// with <see cref="CompensationRetryAccepted"/> or <see cref="CompensationRetryRefused"/>.
/// </summary>
public sealed record RetryCompensation(Guid OrderId, string RequestedBy);
