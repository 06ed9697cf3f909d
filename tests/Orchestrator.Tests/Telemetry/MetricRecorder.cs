using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Saga.Persistence.Telemetry;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>Records every measurement of the engine's meter while it lives, with its tags, as an exporter would see them.</summary>
public sealed class MetricRecorder : IDisposable
{
    readonly MeterListener _listener = new();
    readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == SagaDiagnostics.Name)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Measurements => [.. _measurements];

    /// <summary>Reads the observable instruments (the outbox backlog), as a scrape does.</summary>
    public void Collect() => _listener.RecordObservableInstruments();

    public double Sum(string instrument, params (string Key, string Value)[] tags) =>
        Of(instrument, tags).Sum(x => x.Value);

    public IEnumerable<RecordedMeasurement> Of(string instrument, params (string Key, string Value)[] tags) =>
        Measurements.Where(x => x.Instrument == instrument && tags.All(tag => Equals(x.Tags.GetValueOrDefault(tag.Key), tag.Value)));

    void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
            copy[tag.Key] = tag.Value;
        _measurements.Enqueue(new RecordedMeasurement(instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();
}
