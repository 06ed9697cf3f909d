using MassTransit.Middleware;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Lets MassTransit's outbox endpoints serialize messages exactly as a consumer's would and hand them to an
/// <see cref="OutboxWriter"/>, so a test can write outbox batches without consuming anything.
/// </summary>
public sealed class OutboxWriterSendContext(OutboxWriter writer, IServiceProvider services) : OutboxSendContext
{
    public Task AddSend<T>(MassTransit.SendContext<T> context)
        where T : class
    {
        writer.Add(context);
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => services.GetService(serviceType);
}
