using System.Collections.Concurrent;
using System.Diagnostics;

namespace Saga.TestInfrastructure;

/// <summary>
/// Records every finished span (<see cref="Activity"/>) of the named activity sources in this process while it lives, as
/// an exporter would see them.
/// </summary>
public sealed class SpanRecorder : IDisposable
{
    readonly ConcurrentQueue<Activity> _stopped = new();
    readonly ActivityListener _listener;

    public SpanRecorder(params string[] sourceNames)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sourceNames.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>The spans whose tag <paramref name="tag"/> is <paramref name="value"/>.</summary>
    public List<Activity> Tagged(string tag, string value) => [.. _stopped.Where(x => Equals(x.GetTagItem(tag), value))];

    public void Dispose() => _listener.Dispose();
}
