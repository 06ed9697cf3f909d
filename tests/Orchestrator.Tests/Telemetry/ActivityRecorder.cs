using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit.Logging;
using Saga.Persistence.Telemetry;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>Records every finished activity of MassTransit's and the engine's sources while it lives, as an exporter would see them.</summary>
public sealed class ActivityRecorder : IDisposable
{
    readonly ConcurrentQueue<Activity> _stopped = new();
    readonly ActivityListener _listener;

    public ActivityRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DiagnosticHeaders.DefaultListenerName or SagaDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    public void Dispose() => _listener.Dispose();
}
