namespace Saga.Hosting.Telemetry;

/// <summary>
/// The <c>Telemetry</c> section: which exporters get the service's traces and metrics. Nothing configured, nothing is
/// exported and OpenTelemetry's SDK is not even registered; the engine's and MassTransit's sources then cost next to nothing.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The <c>service.name</c> resource attribute; the application's name (<c>Saga.SagaOrchestrator</c>, …) when empty.</summary>
    public string? ServiceName { get; set; }

    public TraceTelemetryOptions Traces { get; set; } = new();

    public MetricTelemetryOptions Metrics { get; set; } = new();

    public OtlpTelemetryOptions Otlp { get; set; } = new();

    public bool Enabled => Traces.Exporters.Count > 0 || Metrics.Exporters.Count > 0;
}
