using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Saga.Persistence.Telemetry;

namespace Saga.Persistence.Tests.Support;

/// <summary>Records the saga repository's measurements of one saga type while it lives, as an exporter would receive them.</summary>
public sealed class SagaMetricRecorder : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<(string Instrument, double Value)> _measurements = new();
    readonly string _sagaType;

    public SagaMetricRecorder(Type sagaType)
    {
        _sagaType = sagaType.Name;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SagaDiagnostics.Name && instrument.Name.StartsWith("saga.repository.", StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The values recorded on <paramref name="instrument"/> for the saga type, in order.</summary>
    public IReadOnlyList<double> Values(string instrument) => [.. _measurements.Where(x => x.Instrument == instrument).Select(x => x.Value)];

    public double Sum(string instrument) => Values(instrument).Sum();

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == SagaRepositoryMetrics.SagaTypeTag && Equals(tag.Value, _sagaType))
                _measurements.Enqueue((instrument.Name, value));
        }
    }

    public void Dispose() => _listener.Dispose();
}
