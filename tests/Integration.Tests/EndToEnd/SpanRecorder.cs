using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit.Logging;
using Saga.Contracts;
using Saga.Persistence.Telemetry;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>Records every finished span of MassTransit's and the engine's sources in this process while it lives.</summary>
public sealed class SpanRecorder : IDisposable
{
    readonly ConcurrentQueue<Activity> _stopped = new();
    readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DiagnosticHeaders.DefaultListenerName or SagaDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The spans tagged with this order's id (the engine's transitions, every consume of a message about it).</summary>
    public List<Activity> OfOrder(Guid orderId) =>
        [.. _stopped.Where(x => Equals(x.GetTagItem(OrderTelemetry.OrderIdTag), orderId.ToString("D")))];

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose() => _listener.Dispose();
}
