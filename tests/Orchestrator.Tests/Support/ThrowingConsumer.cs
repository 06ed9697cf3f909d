using MassTransit;

namespace Saga.Orchestrator.Tests.Support;

/// <summary>A participant whose handler for <typeparamref name="T"/> always fails, as a broken downstream service would.</summary>
public sealed class ThrowingConsumer<T> : IConsumer<T>
    where T : class
{
    public Task Consume(ConsumeContext<T> context) => throw new InvalidOperationException($"{typeof(T).Name} is broken");
}
