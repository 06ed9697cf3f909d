using MassTransit;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>A participant whose handler for <typeparamref name="T"/> fails while <see cref="FailureSwitch.Failure"/> is set, and then succeeds (without replying: the test replies).</summary>
public sealed class SwitchableFailingConsumer<T>(FailureSwitch failureSwitch) : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context) =>
        failureSwitch.Failure is { } failure ? throw new InvalidOperationException(failure) : Task.CompletedTask;
}
