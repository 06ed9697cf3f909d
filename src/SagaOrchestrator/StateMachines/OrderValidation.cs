namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The validation of a submitted order, kept on the message's context so that the saga validates it once: when it takes
/// the order in, and the rejection then publishes the same reasons.
/// </summary>
internal sealed record OrderValidation(IReadOnlyList<string> Reasons);
