using MassTransit;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>
/// Consumes <typeparamref name="T"/> only so that the harness records it as consumed, with its type. What the saga sends
/// and publishes leaves through its transactional outbox as already serialized bodies, which the harness's sent and
/// published lists cannot tell apart; in the consumed list they are typed.
/// </summary>
public sealed class MessageRecorder<T> : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context) => Task.CompletedTask;
}
