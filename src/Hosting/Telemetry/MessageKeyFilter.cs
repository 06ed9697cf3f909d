using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// For a consumed message that carries the service's <see cref="MessageKey"/>, begins the key's log scope around
/// everything that handles it and tags MassTransit's consume span with the key.
/// </summary>
public sealed class MessageKeyFilter<T>(MessageKeyReader reader, ILogger<MessageKeyFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (reader.Read(context.Message) is not { } key)
        {
            await next.Send(context);
            return;
        }

        Activity.Current?.SetTag(reader.Key.TagName, key.ToString("D"));
        using (reader.Scope(logger, key))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("messageKey");
}
