namespace Saga.Orchestrator.Tests.Support;

/// <summary>Whether a <see cref="SwitchableFailingConsumer{T}"/> fails, and with what: a downstream service that breaks and is then fixed.</summary>
public sealed class FailureSwitch
{
    volatile string? _failure = "the bank is offline";

    /// <summary>The message the consumer fails with; null once the cause is fixed.</summary>
    public string? Failure
    {
        get => _failure;
        set => _failure = value;
    }
}
