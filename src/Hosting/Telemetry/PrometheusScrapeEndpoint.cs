using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Metrics;
using Saga.Hosting.Operations;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// <c>GET /metrics</c> on the operations listener, in Prometheus' text format, when <c>Telemetry:Metrics:Exporters</c>
/// includes <c>Prometheus</c>. The service's own <see cref="MeterProvider"/> is passed explicitly: the listener may run on
/// a container of its own.
/// </summary>
public sealed class PrometheusScrapeEndpoint(MeterProvider meterProvider) : IOperationsEndpoints
{
    public const string Path = "/metrics";

    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path, meterProvider, configureBranchedPipeline: null, optionsName: null);
}
