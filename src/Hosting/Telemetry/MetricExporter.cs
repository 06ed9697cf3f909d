namespace Saga.Hosting.Telemetry;

public enum MetricExporter
{
    Otlp,
    Console,
    Prometheus,
}
