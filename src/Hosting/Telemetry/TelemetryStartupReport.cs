using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Telemetry;

/// <summary>Logs where traces and metrics go once the service starts: exporters and the collector's address, never the OTLP headers.</summary>
public sealed partial class TelemetryStartupReport(IOptions<TelemetryOptions> options, IConfiguration configuration,
    ILogger<TelemetryStartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var telemetry = options.Value;
        if (!telemetry.Enabled)
            return Task.CompletedTask;

        var collector = telemetry.Traces.Exporters.Contains(TraceExporter.Otlp) || telemetry.Metrics.Exporters.Contains(MetricExporter.Otlp)
            ? $", OTLP {telemetry.Otlp.Protocol} to {telemetry.Otlp.Endpoint?.GetLeftPart(UriPartial.Path) ?? "the default collector"}" +
              (string.IsNullOrEmpty(telemetry.Otlp.Headers) ? "" : " with headers")
            : "";
        LogTelemetry(logger, Describe(telemetry.Traces.Exporters), Describe(telemetry.Metrics.Exporters), collector);

        // The scrape endpoint lives on the operations listener; without it nobody can scrape.
        if (telemetry.Metrics.Exporters.Contains(MetricExporter.Prometheus) && !configuration.GetValue<bool>("Operations:Enabled"))
            LogPrometheusWithoutListener(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    static string Describe<T>(List<T> exporters) => exporters.Count == 0 ? "none" : string.Join(", ", exporters.Distinct());

    [LoggerMessage(Level = LogLevel.Information, Message = "Telemetry: traces to {Traces}, metrics to {Metrics}{Collector}")]
    static partial void LogTelemetry(ILogger logger, string traces, string metrics, string collector);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telemetry:Metrics:Exporters includes Prometheus, but Operations:Enabled is not true: nothing serves GET /metrics")]
    static partial void LogPrometheusWithoutListener(ILogger logger);
}
