using Microsoft.EntityFrameworkCore;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Outbox;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>
/// The participants service, run as its own OS process with the operations listener on: <c>/health/ready</c> follows the
/// bus, each database and each outbox; <c>/health/live</c> only says the process answers; off, nothing listens.
/// </summary>
[NonParallelizable]
public sealed class OperationsListenerTests
{
    const string Ready = "/health/ready";
    const string Live = "/health/live";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    static readonly string[] AllParticipantChecks =
    [
        "masstransit-bus",
        "database:Participants:Payment:Database", "outbox:Participants:Payment:Database",
        "database:Participants:Inventory:Database", "outbox:Participants:Inventory:Database",
        "database:Participants:Shipping:Database", "outbox:Participants:Shipping:Database",
    ];

    [Test]
    public async Task Ready_answers_503_while_the_service_starts_and_200_once_the_bus_is_connected_while_live_answers_200()
    {
        var settings = await SagaSystemSettings.CreateAsync();
        var (configuration, client) = WithListener(settings.ParticipantsConfiguration());
        using var _ = client;
        await MigrateParticipantsAsync(configuration, settings);

        // Start-up stops in its migrations, before the bus starts, for as long as the test holds the migrations history.
        await using var history = await TableLock.AcquireAsync(settings.PaymentDatabase, "\"__EFMigrationsHistory\"");
        await using var service = ServiceProcess.Launch(ServiceProcess.StartInfo("Saga.Participants.dll", "run", configuration, settings.ParticipantsEnvironment()),
            "participants");
        await history.WaitForWaitersAsync();

        var starting = await client.WaitForAsync(Ready, 503);
        var liveWhileStarting = await client.GetAsync(Live);
        await history.ReleaseAsync();
        await service.WaitUntilStartedAsync(StartTimeout);
        var ready = await client.WaitForAsync(Ready, 200);
        var live = await client.GetAsync(Live);

        Assert.Multiple(() =>
        {
            Assert.That(starting.Checks["masstransit-bus"], Is.EqualTo("Unhealthy"), $"the bus is not started yet: {starting}");
            Assert.That(liveWhileStarting?.StatusCode, Is.EqualTo(200), "live while starting");
            Assert.That(ready.Checks.Keys, Is.EquivalentTo(AllParticipantChecks), "the bus, and each participant's database and outbox");
            Assert.That(ready.Checks.Values, Is.All.EqualTo("Healthy"), ready.ToString());
            Assert.That(live?.StatusCode, Is.EqualTo(200), "live once started");
        });
    }

    [Test]
    public async Task Ready_answers_503_while_the_broker_is_stopped_and_live_keeps_answering_200()
    {
        // A broker of this test's own, so that stopping it disturbs no other test.
        await using var broker = await RabbitMqTestNode.StartAsync();
        var settings = await SagaSystemSettings.CreateAsync();
        var (configuration, client) = WithListener(settings.ParticipantsConfiguration());
        using var _ = client;
        configuration["Saga:Transport:RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        configuration["Saga:Transport:RabbitMq:VirtualHost"] = broker.VirtualHost;
        configuration["Saga:Transport:RabbitMq:Username"] = broker.Username;
        configuration["Saga:Host:ShutdownTimeout"] = "00:00:05";
        var environment = settings.ParticipantsEnvironment();
        environment["Saga__Transport__RabbitMq__Password"] = broker.Password;
        await using var service = await ServiceProcess.StartAsync("Saga.Participants.dll", configuration, environment, StartTimeout);
        await client.WaitForAsync(Ready, 200);

        await broker.StopAsync();

        var brokerDown = await client.WaitForAsync(Ready, 503);
        var live = await client.GetAsync(Live);
        Assert.Multiple(() =>
        {
            Assert.That(brokerDown.Checks["masstransit-bus"], Is.Not.EqualTo("Healthy"), brokerDown.ToString());
            Assert.That(brokerDown.Checks.Where(c => c.Key != "masstransit-bus").Select(c => c.Value), Is.All.EqualTo("Healthy"),
                "the databases and outboxes are fine");
            Assert.That(live?.StatusCode, Is.EqualTo(200), "the process is up: no reason to restart it");
        });
    }

    [Test]
    public async Task Ready_answers_503_while_an_outbox_batch_waits_longer_than_OutboxStuckAfter_and_checks_only_enabled_participants()
    {
        var settings = await SagaSystemSettings.CreateAsync();
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false, withOrchestrator: false);
        var (configuration, client) = WithListener(settings.ParticipantsConfiguration());
        using var _ = client;
        configuration["Participants:Enabled:0"] = "Payment";
        configuration["Operations:OutboxStuckAfter"] = "00:01:00";
        await using var service = await ServiceProcess.StartAsync("Saga.Participants.dll", configuration, settings.ParticipantsEnvironment(), StartTimeout);
        var ready = await client.WaitForAsync(Ready, 200);

        // A batch committed two minutes ago whose delivery keeps failing: its next attempt is an hour away.
        var stuck = new OutboxBatch
        {
            OutboxId = Guid.NewGuid(), CreatedAt = DateTime.UtcNow.AddMinutes(-2), AvailableAt = DateTime.UtcNow.AddHours(1), DeliveryAttempts = 7,
            LastError = "the broker refused it (test)",
        };
        await using (var payment = system.Payment())
        {
            payment.Add(stuck);
            await payment.SaveChangesAsync();
        }

        var stuckAnswer = await client.WaitForAsync(Ready, 503);

        await using (var payment = system.Payment())
            await payment.Set<OutboxBatch>().Where(b => b.OutboxId == stuck.OutboxId).ExecuteDeleteAsync();
        await client.WaitForAsync(Ready, 200);

        Assert.Multiple(() =>
        {
            Assert.That(ready.Checks.Keys, Is.EquivalentTo(new[]
            {
                "masstransit-bus", "database:Participants:Payment:Database", "outbox:Participants:Payment:Database",
            }), "only the enabled participant's database and outbox");
            Assert.That(stuckAnswer.Checks["outbox:Participants:Payment:Database"], Is.EqualTo("Unhealthy"), stuckAnswer.ToString());
            Assert.That(stuckAnswer.Body, Does.Contain("stuck after 00:01:00"), "the description says how old and the threshold");
            Assert.That(stuckAnswer.Checks.Where(c => c.Key.StartsWith("outbox", StringComparison.Ordinal) is false).Select(c => c.Value),
                Is.All.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Without_Operations_Enabled_nothing_listens()
    {
        var settings = await SagaSystemSettings.CreateAsync();
        var configuration = settings.ParticipantsConfiguration();
        var port = FreeTcpPort.Find();
        configuration["Operations:Url"] = $"http://127.0.0.1:{port}";

        await using var service = await ServiceProcess.StartAsync("Saga.Participants.dll", configuration, settings.ParticipantsEnvironment(), StartTimeout);

        Assert.Multiple(async () =>
        {
            Assert.That(await FreeTcpPort.IsListeningAsync(port), Is.False, "nothing listens on Operations:Url");
            Assert.That(service.Output, Does.Not.Contain("Operations listener"));
        });
    }

    /// <summary>The settings with the operations listener on, on a free loopback port, and a client for it.</summary>
    static (Dictionary<string, string?> Configuration, OperationsClient Client) WithListener(Dictionary<string, string?> configuration)
    {
        var url = new Uri($"http://127.0.0.1:{FreeTcpPort.Find()}");
        configuration["Operations:Enabled"] = "true";
        configuration["Operations:Url"] = url.ToString().TrimEnd('/');
        return (configuration, new OperationsClient(url));
    }

    /// <summary>Applies the participants' migrations with the service's own <c>migrate</c> verb.</summary>
    static async Task MigrateParticipantsAsync(Dictionary<string, string?> configuration, SagaSystemSettings settings)
    {
        var arguments = new List<string> { Path.Combine(AppContext.BaseDirectory, "Saga.Participants.dll"), "migrate" };
        foreach (var (key, value) in configuration)
            arguments.AddRange([$"--{key}", value ?? ""]);
        await ProcessRunner.RunCheckedAsync("dotnet", arguments, StartTimeout, settings.ParticipantsEnvironment()!.ToDictionary(e => e.Key, e => (string?)e.Value));
    }
}
