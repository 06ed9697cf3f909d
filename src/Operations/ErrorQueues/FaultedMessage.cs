namespace Saga.Operations.ErrorQueues;

/// <summary>A message in an error queue, with what MassTransit recorded about its failure in the <c>MT-Fault-*</c> headers.</summary>
public sealed record FaultedMessage(
    string ErrorQueue,
    string OriginalQueue,
    string? MessageId,
    string? MessageType,
    DateTimeOffset? FaultedAt,
    string? ExceptionType,
    string? ExceptionMessage,
    string? ConsumerType,
    string? StackTrace,
    int BodyBytes)
{
    /// <summary>The machine (and process) that failed it, from MassTransit's <c>MT-Host-*</c> headers, when recorded.</summary>
    public string? Host { get; init; }
}
