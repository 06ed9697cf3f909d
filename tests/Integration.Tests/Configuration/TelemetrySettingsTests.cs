using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Saga.Hosting.Operations;
using Saga.Hosting.Services;
using Saga.Hosting.Telemetry;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.SagaOrchestrator.Configuration;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Configuration;

/// <summary>The <c>Telemetry</c> settings: off by default, checked with their names, and Prometheus served as <c>GET /metrics</c>.</summary>
[NonParallelizable]
public sealed class TelemetrySettingsTests
{
    readonly List<string> _databases = [];

    [TearDown]
    public void DeleteDatabases()
    {
        foreach (var file in _databases.SelectMany(x => new[] { x, x + "-wal", x + "-shm" }).Where(File.Exists))
            File.Delete(file);
        _databases.Clear();
    }

    [Test]
    public void Without_an_exporter_no_OpenTelemetry_is_registered()
    {
        using var host = Orchestrator(new Dictionary<string, string?>());

        Assert.Multiple(() =>
        {
            Assert.That(host.Services.GetService<TracerProvider>(), Is.Null);
            Assert.That(host.Services.GetService<MeterProvider>(), Is.Null);
            Assert.That(host.Services.GetServices<IOperationsEndpoints>(), Is.Empty);
        });
    }

    [Test]
    public void Bad_settings_are_named_and_the_headers_are_not_repeated()
    {
        var options = new TelemetryOptions
        {
            Otlp = { Endpoint = new Uri("ftp://user:pass@collector"), Headers = "api-key secret" },
            Metrics = { ExportInterval = TimeSpan.Zero },
        };

        var failures = new TelemetryOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];

        Assert.That(failures, Is.EqualTo(new[]
        {
            "Telemetry:Otlp:Endpoint must be an absolute http or https address",
            "Telemetry:Otlp:Endpoint must not carry credentials; put them in Telemetry:Otlp:Headers",
            "Telemetry:Otlp:Headers must be key=value pairs separated by commas",
            "Telemetry:Metrics:ExportInterval must be a positive duration",
        }));
    }

    [Test]
    public async Task Prometheus_metrics_are_served_at_metrics_by_the_operations_endpoints()
    {
        using var host = Orchestrator(new Dictionary<string, string?> { ["Telemetry:Metrics:Exporters:0"] = "Prometheus" });
        await host.StartAsync();
        try
        {
            // Stands in for the operations listener: a small Kestrel host that maps every IOperationsEndpoints of the service.
            var port = FreeTcpPort.Find();
            var listener = WebApplication.CreateSlimBuilder();
            listener.WebHost.UseUrls($"http://127.0.0.1:{port}");
            await using var operations = listener.Build();
            foreach (var endpoints in host.Services.GetServices<IOperationsEndpoints>())
                endpoints.Map(operations);
            await operations.StartAsync();

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var body = "";
            await Poll.UntilAsync(async () =>
            {
                body = await client.GetStringAsync(PrometheusScrapeEndpoint.Path);
                return body.Contains("saga_outbox_backlog", StringComparison.Ordinal);
            }, "the scrape shows the outbox backlog", TimeSpan.FromSeconds(30));

            Assert.That(body, Does.Contain("# TYPE saga_outbox_backlog gauge").And.Contain("saga_database=\"OrderSaga\""));
            await operations.StopAsync();
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>
    /// The orchestrator on the in-memory transport and a SQLite file, its settings on the command line as an operator
    /// passes them: the exporters are chosen from the configuration the host starts with.
    /// </summary>
    IHost Orchestrator(Dictionary<string, string?> settings)
    {
        var database = Path.Combine(Path.GetTempPath(), $"saga-telemetry-{Guid.NewGuid():N}.db");
        _databases.Add(database);
        var all = new Dictionary<string, string?>(settings)
        {
            ["Orchestrator:Database:ConnectionString"] = $"Data Source={database};Pooling=false",
            ["Orchestrator:Database:MigrateOnStart"] = "true",
            ["Telemetry:Metrics:ExportInterval"] = "00:00:01",
            ["Orchestrator:Outbox:BacklogInterval"] = "00:00:00.200",
        };
        var builder = ServiceHostBuilder.Create([.. all.SelectMany(x => new[] { $"--{x.Key}", x.Value ?? "" })],
            hostSettings => hostSettings.EnvironmentName = Environments.Production);
        OrchestratorService.Configure(builder);
        return builder.Build();
    }
}
