using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Saga.Hosting.Services;
using Saga.Participants.Configuration;
using Saga.Persistence.Dialects;
using Saga.Hosting.Database;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Database;
using Saga.Settings.Transport;
using static Saga.Integration.Tests.Configuration.TransportSettings;

namespace Saga.Integration.Tests.Configuration;

/// <summary>A bad setting stops a service before it starts, with a message that names the setting.</summary>
[NonParallelizable]
public sealed class SettingsValidationTests
{
    [Test]
    public void A_complete_RabbitMQ_setting_is_accepted() => Assert.That(Failures(Rabbit(_ => { })), Is.Empty);

    [Test]
    public void The_in_memory_transport_needs_nothing() => Assert.That(Failures(new TransportOptions()), Is.Empty);

    [Test]
    public void Guest_is_refused_outside_development_and_accepted_in_it()
    {
        var guest = Rabbit(r => r.Username = "guest");

        Assert.Multiple(() =>
        {
            Assert.That(Failures(guest), Is.EqualTo(new[]
            {
                "Saga:Transport:RabbitMq:Username 'guest' is allowed only in the Development environment; create a user for this service",
            }));
            Assert.That(Failures(guest, Environments.Development), Is.Empty);
        });
    }

    [TestCase("Host", "Saga:Transport:RabbitMq:Host is required")]
    [TestCase("Port", "Saga:Transport:RabbitMq:Port must be between 1 and 65535")]
    [TestCase("Username", "Saga:Transport:RabbitMq:Username is required")]
    [TestCase("Password", "Saga:Transport:RabbitMq:Password is required (set it through the environment, e.g. Saga__Transport__RabbitMq__Password)")]
    [TestCase("PrefetchCount", "Saga:Transport:RabbitMq:PrefetchCount must be between 1 and 65535")]
    public void Each_missing_or_impossible_setting_is_named(string setting, string failure)
    {
        var options = Rabbit(r =>
        {
            switch (setting)
            {
                case "Host": r.Host = ""; break;
                case "Port": r.Port = 70000; break;
                case "Username": r.Username = ""; break;
                case "Password": r.Password = ""; break;
                case "PrefetchCount": r.PrefetchCount = 0; break;
            }
        });

        Assert.That(Failures(options), Is.EqualTo(new[] { failure }));
    }

    [TestCase("saga-orchestrator", true)]
    [TestCase("ops.eu-1", true)]
    [TestCase("saga_orchestrator", false)]
    [TestCase("saga orchestrator", false)]
    [TestCase("-saga", false)]
    public void A_bus_queue_prefix_may_not_hold_the_underscore_the_broker_permissions_split_the_name_at(string prefix, bool accepted)
    {
        var failures = Failures(Rabbit(r => r.BusQueuePrefix = prefix));

        Assert.That(failures, accepted
            ? Is.Empty
            : Is.EqualTo(new[] { $"Saga:Transport:RabbitMq:BusQueuePrefix may hold only letters, digits, '-' and '.' (at most 100), was '{prefix}'" }));
    }

    [Test]
    public void A_database_without_a_connection_string_is_named_by_its_section()
    {
        var result = new DatabaseOptionsValidator().Validate("Participants:Payment:Database",
            new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = " " });

        Assert.That(result.Failures, Is.EqualTo(new[] { "Participants:Payment:Database:ConnectionString is required" }));
    }

    [Test]
    public async Task The_orchestrator_service_refuses_to_start_and_says_why()
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = await ServiceCommandLine.RunAsync("SagaOrchestrator",
                ["run", "--environment", "Production", "--Saga:Transport:Kind", "RabbitMq", "--Saga:Transport:RabbitMq:Username", "guest",
                 "--Orchestrator:Database:Provider", "PostgreSql"],
                OrchestratorService.Configure);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.Contain("SagaOrchestrator: invalid setting: Saga:Transport:RabbitMq:Password is required"));
            Assert.That(error.ToString(), Does.Contain("Saga:Transport:RabbitMq:Username 'guest' is allowed only in the Development environment"));
            Assert.That(error.ToString(), Does.Contain("SagaOrchestrator: invalid setting: Orchestrator:Database:ConnectionString is required"));
        });
    }

    [TestCase("Orchestrator:SagaRepository", "Redis")]
    [TestCase("Orchestrator:Outbox:Enabled", "maybe")]
    public async Task The_orchestrator_service_refuses_a_value_it_cannot_read_and_names_the_setting(string setting, string value)
    {
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int exitCode;
        try
        {
            exitCode = await ServiceCommandLine.RunAsync("SagaOrchestrator", ["run", $"--{setting}", value], OrchestratorService.Configure);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.StartWith("SagaOrchestrator: invalid setting: ").And.Contain($"'{value}' at '{setting}'"));
        });
    }

    [Test]
    public async Task The_participants_service_migrates_the_databases_of_the_enabled_participants_only()
    {
        var directory = Directory.CreateTempSubdirectory("saga-migrate-");
        try
        {
            var exitCode = await ServiceCommandLine.RunAsync("Participants",
                ["migrate", "--Participants:Enabled:0", "Inventory",
                 "--Participants:Inventory:Database:ConnectionString", $"Data Source={Path.Combine(directory.FullName, "inventory.db")}"],
                ParticipantsService.Configure);

            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero);
                Assert.That(directory.GetFiles().Select(f => f.Name), Has.Some.EqualTo("inventory.db"));
                Assert.That(directory.GetFiles().Select(f => f.Name), Has.None.StartsWith("payment").And.None.StartsWith("shipping"));
            });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_orchestrator_service_refuses_to_run_orders_of_a_flow_version_it_does_not_know_and_exits_with_3()
    {
        var directory = Directory.CreateTempSubdirectory("saga-flows-");
        var connectionString = $"Data Source={Path.Combine(directory.FullName, "orchestrator.db")};Pooling=False";
        var error = new StringWriter();
        var original = Console.Error;
        try
        {
            Assert.That(await ServiceCommandLine.RunAsync("SagaOrchestrator",
                ["migrate", "--Orchestrator:Database:ConnectionString", connectionString], OrchestratorService.Configure), Is.Zero);
            var options = (DbContextOptions<OrderSagaDbContext>)new DbContextOptionsBuilder<OrderSagaDbContext>()
                .UseConfiguredDatabase(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = connectionString }).Options;
            await using (var db = new OrderSagaDbContext(options))
            {
                var id = Guid.NewGuid();
                db.Orders.Add(new OrderState
                {
                    CorrelationId = id, OrderId = id, CurrentState = "AwaitingPayment", DefinitionVersion = 3, CreatedAt = DateTime.UtcNow,
                    UpdatedAt = DateTime.UtcNow,
                });
                await db.SaveChangesAsync();
            }

            Console.SetError(error);
            var run = ServiceCommandLine.RunAsync("SagaOrchestrator", ["run", "--Orchestrator:Database:ConnectionString", connectionString],
                OrchestratorService.Configure);
            Assert.That(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))), Is.SameAs(run), "the orchestrator started");

            Assert.Multiple(() =>
            {
                Assert.That(run.Result, Is.EqualTo(ServiceCommandLine.RefusedExitCode));
                Assert.That(error.ToString(), Does.StartWith("SagaOrchestrator: refused to start: ")
                    .And.Contain("definition_version 3 in AwaitingPayment: 1 order(s)"));
            });
        }
        finally
        {
            Console.SetError(original);
            directory.Delete(recursive: true);
        }
    }
}
