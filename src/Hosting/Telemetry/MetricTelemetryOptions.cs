namespace Saga.Hosting.Telemetry;

/// <summary><c>Telemetry:Metrics</c>: where measurements go.</summary>
public sealed class MetricTelemetryOptions
{
    /// <summary><c>Otlp</c>, <c>Console</c> and/or <c>Prometheus</c> (<c>GET /metrics</c> on the operations listener); none, no metrics.</summary>
    public List<MetricExporter> Exporters { get; set; } = [];

    /// <summary>How often the OTLP and console exporters push; Prometheus is scraped instead.</summary>
    public TimeSpan ExportInterval { get; set; } = TimeSpan.FromSeconds(60);
}
