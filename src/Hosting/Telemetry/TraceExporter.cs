namespace Saga.Hosting.Telemetry;

public enum TraceExporter
{
    Otlp,
    Console,
}
