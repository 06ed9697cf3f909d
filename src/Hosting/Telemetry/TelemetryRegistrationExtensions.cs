using MassTransit;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Saga.Hosting.Operations;
using Saga.Persistence.Telemetry;

namespace Saga.Hosting.Telemetry;

public static class TelemetryRegistrationExtensions
{
    /// <summary>
    /// Adds what a service needs to be observed: when the <c>Telemetry</c> section names exporters, OpenTelemetry's
    /// tracing and metrics for MassTransit's and the engine's sources, with the service's name and instance as resource
    /// attributes. The exporters are chosen from the configuration the builder has now (appsettings, environment, command
    /// line). What ties a message to an order (or another key) in logs and spans, the service adds with
    /// <see cref="MessageKeyRegistrationExtensions.AddMessageKey"/>.
    /// </summary>
    public static HostApplicationBuilder AddSagaTelemetry(this HostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddHostedService<TelemetryStartupReport>();

        // With Logging:Console:FormatterName=json, scopes (a message's key among them) are part of each line unless turned off.
        services.Configure<JsonConsoleFormatterOptions>(json =>
            json.IncludeScopes = builder.Configuration.GetValue("Logging:Console:FormatterOptions:IncludeScopes", true));

        // What to register is decided now; the same values are validated (with their setting names) before start.
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!options.Enabled)
            return builder;

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName ?? builder.Environment.ApplicationName,
                serviceVersion: typeof(TelemetryRegistrationExtensions).Assembly.GetName().Version?.ToString(), autoGenerateServiceInstanceId: true));

        if (options.Traces.Exporters.Count > 0)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(DiagnosticHeaders.DefaultListenerName, SagaDiagnostics.Name);
                foreach (var exporter in options.Traces.Exporters.Distinct())
                {
                    if (exporter == TraceExporter.Otlp)
                        tracing.AddOtlpExporter(otlp => ConfigureOtlp(otlp, options.Otlp, "v1/traces"));
                    else
                        tracing.AddConsoleExporter();
                }
            });
        }

        if (options.Metrics.Exporters.Contains(MetricExporter.Prometheus))
            services.AddSingleton<IOperationsEndpoints, PrometheusScrapeEndpoint>();

        if (options.Metrics.Exporters.Count > 0)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(InstrumentationOptions.MeterName, SagaDiagnostics.Name).AddRuntimeInstrumentation();
                foreach (var exporter in options.Metrics.Exporters.Distinct())
                {
                    switch (exporter)
                    {
                        case MetricExporter.Otlp:
                            metrics.AddOtlpExporter((otlp, reader) =>
                            {
                                ConfigureOtlp(otlp, options.Otlp, "v1/metrics");
                                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Metrics.ExportInterval.TotalMilliseconds;
                            });
                            break;
                        case MetricExporter.Console:
                            metrics.AddConsoleExporter((_, reader) =>
                                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)options.Metrics.ExportInterval.TotalMilliseconds);
                            break;
                        case MetricExporter.Prometheus:
                            metrics.AddPrometheusExporter();
                            break;
                    }
                }
            });
        }

        return builder;
    }

    static void ConfigureOtlp(OtlpExporterOptions otlp, OtlpTelemetryOptions options, string signalPath)
    {
        otlp.Protocol = options.Protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (options.Endpoint is { } endpoint)
        {
            // Set in code, the HTTP exporter posts to the address as given: it needs the signal's path.
            otlp.Endpoint = options.Protocol == OtlpProtocol.HttpProtobuf
                ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
                : endpoint;
        }

        if (!string.IsNullOrWhiteSpace(options.Headers))
            otlp.Headers = options.Headers;
    }
}
