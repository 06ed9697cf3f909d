using Saga.Hosting.Telemetry;

namespace Saga.Benchmarks.Metrics;

/// <summary>
/// Scrapes the services' Prometheus endpoints (<c>GET /metrics</c> on their operations listeners). Each service is started
/// with its listener on port 0, so that several instances on one machine never collide; the port is found from the process.
/// </summary>
public sealed class ServiceScrape : IDisposable
{
    /// <summary>The settings that make a service serve its metrics on a port of its own choosing.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Operations:Enabled"] = "true",
        ["Operations:Url"] = "http://127.0.0.1:0",
        ["Telemetry:Metrics:Exporters:0"] = "Prometheus",
    };

    readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The counters of the service with <paramref name="processId"/>; null when it serves no metrics endpoint.</summary>
    public async Task<ServiceCounters?> ReadAsync(string instance, int processId, CancellationToken cancellationToken)
    {
        foreach (var port in ListeningPorts.Of(processId))
        {
            try
            {
                using var response = await _http.GetAsync($"http://127.0.0.1:{port}{PrometheusScrapeEndpoint.Path}", cancellationToken);
                if (!response.IsSuccessStatusCode)
                    continue;
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                return ServiceCounters.From(instance, PrometheusText.Parse(text));
            }
            catch (HttpRequestException)
            {
                // Not the operations listener (or it went away): try the next port.
            }
        }

        return null;
    }

    public void Dispose() => _http.Dispose();
}
