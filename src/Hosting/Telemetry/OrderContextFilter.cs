using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Telemetry;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// For a consumed message about an order (every contract carries <c>OrderId</c>; a <c>Fault&lt;T&gt;</c> inside its
/// message), begins a log scope <c>OrderId</c> around everything that handles it and tags MassTransit's consume span
/// with <c>saga.order_id</c>, so that an order's log lines and spans can be found by its id.
/// </summary>
public sealed class OrderContextFilter<T>(ILogger<OrderContextFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly Func<ILogger, Guid, IDisposable?> Scope = LoggerMessage.DefineScope<Guid>("Order {OrderId}");

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (OrderIds.Of(context.Message) is not { } orderId)
        {
            await next.Send(context);
            return;
        }

        Activity.Current?.SetTag(SagaDiagnostics.OrderIdTag, orderId.ToString("D"));
        using (Scope(logger, orderId))
            await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("orderContext");
}
