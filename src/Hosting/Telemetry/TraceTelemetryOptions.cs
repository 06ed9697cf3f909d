namespace Saga.Hosting.Telemetry;

/// <summary><c>Telemetry:Traces</c>: where spans go.</summary>
public sealed class TraceTelemetryOptions
{
    /// <summary><c>Otlp</c> and/or <c>Console</c>; none, no tracing.</summary>
    public List<TraceExporter> Exporters { get; set; } = [];
}
