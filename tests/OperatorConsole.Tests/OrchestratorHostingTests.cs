using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Hosting.Operations;
using Saga.OperatorConsole.Tests.Support;
using Saga.SagaOrchestrator.Configuration;

namespace Saga.OperatorConsole.Tests;

/// <summary>The console on the orchestrator's operations listener, registered as the orchestrator registers it.</summary>
public sealed class OrchestratorHostingTests
{
    OrchestratorDatabase _database = null!;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _database = await OrchestratorDatabase.CreateAsync(CancellationToken.None);

    [OneTimeTearDown]
    public async Task DeleteDatabaseAsync() => await _database.DisposeAsync();

    static IHost Build(IDictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddOperationsListener("http://127.0.0.1:8081");
        builder.AddOperatorConsoleOnOperationsListener();
        return builder.Build();
    }

    Dictionary<string, string?> Settings(int port)
    {
        var settings = ConsoleServer.Settings(_database, actions: true);
        settings.Remove("Console:Url");
        settings["Console:Enabled"] = "true";
        settings["Operations:Enabled"] = "true";
        settings["Operations:Url"] = $"http://127.0.0.1:{port}";
        return settings;
    }

    [Test]
    public async Task Console_enabled_serves_the_pages_beside_the_health_endpoints()
    {
        var port = FreePort();
        using var host = Build(Settings(port));
        await host.StartAsync();
        try
        {
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            using var overview = await client.GetAsync(new Uri("/", UriKind.Relative));
            var html = await overview.Content.ReadAsStringAsync();
            using var order = await client.GetAsync(new Uri($"/orders/{_database.Completed}", UriKind.Relative));
            using var live = await client.GetAsync(new Uri("/health/live", UriKind.Relative));
            using var cancel = await client.GetAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative));

            Assert.Multiple(() =>
            {
                Assert.That(overview.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
                Assert.That(html, Does.Contain("id=\"state-counts\"").And.Contain("data-state=\"Completed\""));
                Assert.That(overview.Headers.Contains("Content-Security-Policy"), Is.True);
                Assert.That(order.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the health endpoints stay open");
                Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "an action needs an operator here too");
                Assert.That(cancel.Headers.Location?.OriginalString, Does.Contain("/signin"));
            });
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public void Console_enabled_without_the_operations_listener_stops_the_orchestrator_at_start()
    {
        var settings = Settings(FreePort());
        settings["Operations:Enabled"] = "false";
        using var host = Build(settings);

        var refusal = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(refusal!.Message, Does.Contain("set Operations:Enabled too"));
    }

    [Test]
    public void Console_enabled_on_a_non_loopback_listener_without_operators_stops_the_orchestrator_at_start()
    {
        var settings = Settings(FreePort());
        settings["Operations:Url"] = "http://0.0.0.0:8081";
        settings.Remove($"Console:Operators:{ConsoleServer.OperatorName}");
        using var host = Build(settings);

        var refusal = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.That(refusal!.Message, Does.Contain("not a loopback address").And.Contain("Console:Operators"));
    }

    // The listener reports its configured URL, not a port Kestrel picked: ask the system for a free one.
    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
