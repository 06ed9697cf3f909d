namespace Saga.SagaOrchestrator.Persistence;

/// <summary>
/// One action an operator took on the running system (a cancellation, a compensation retry, a move of faulted messages),
/// with its outcome: the <c>operator_actions</c> audit table. The operator tools write it; the orchestrator never does.
/// </summary>
public sealed class OperatorAction
{
    public const int MaxOperatorLength = 200;

    public const int MaxActionLength = 32;

    /// <summary>An order id or a queue name (RabbitMQ allows 255 bytes).</summary>
    public const int MaxTargetLength = 256;

    public const int MaxOutcomeLength = 16;

    public const int MaxDetailLength = 4000;

    public long ActionId { get; set; }

    public DateTime OccurredAt { get; set; }

    public required string Operator { get; set; }

    /// <summary><c>cancel</c>, <c>retry-compensation</c> or <c>move-errors</c>.</summary>
    public required string Action { get; set; }

    public required string Target { get; set; }

    /// <summary><c>accepted</c>, <c>refused</c> or <c>failed</c>.</summary>
    public required string Outcome { get; set; }

    /// <summary>What the operator was told: the refusal's reason, the failure, the messages moved.</summary>
    public string? Detail { get; set; }
}
