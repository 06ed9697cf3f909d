namespace Saga.Hosting.Telemetry;

/// <summary><c>Telemetry:Otlp</c>: the collector both signals are sent to when their exporter is <c>Otlp</c>.</summary>
public sealed class OtlpTelemetryOptions
{
    /// <summary>
    /// The collector's base address; empty: OpenTelemetry's default (<c>http://localhost:4317</c> for gRPC,
    /// <c>http://localhost:4318</c> for HTTP). With HTTP the signal's path (<c>/v1/traces</c>, <c>/v1/metrics</c>) is appended.
    /// </summary>
    public Uri? Endpoint { get; set; }

    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>Headers sent with every export, <c>key=value</c> pairs separated by commas (an API key, say): a secret, never logged.</summary>
    public string? Headers { get; set; }
}
