namespace Saga.Operations.Sagas;

/// <summary>
/// One row of the <c>saga_history</c> view: a state change of one order, the message that caused it (its type as a URN,
/// <c>urn:message:Saga.Contracts:SubmitOrderV2</c>) and the flow version the order followed; the last two are empty for
/// transitions recorded before they were.
/// </summary>
public sealed record SagaTransition(long TransitionId, DateTime OccurredAt, string? FromState, string ToState, string? Event, string? MessageType,
    Guid? MessageId, int? DefinitionVersion)
{
    /// <summary>The message type's name without its namespace: <c>SubmitOrderV2</c>, <c>Fault[[Saga.Contracts:ProcessPayment]]</c>.</summary>
    public static string? ShortType(string? messageType) =>
        messageType is null ? null : messageType[(ShortTypeStart(messageType) + 1)..];

    // The last ':' before any generic arguments, so that a fault keeps the type it wraps.
    static int ShortTypeStart(string messageType)
    {
        var arguments = messageType.IndexOf("[[", StringComparison.Ordinal);
        return arguments < 0 ? messageType.LastIndexOf(':') : messageType.LastIndexOf(':', arguments);
    }
}
