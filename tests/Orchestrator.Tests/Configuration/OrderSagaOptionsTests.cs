using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Hosting.Services;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.Configuration;

/// <summary>The step deadlines come from <c>Orchestrator:StepTimeouts</c>, are checked at start-up, and reach the state machine.</summary>
public sealed class OrderSagaOptionsTests
{
    [Test]
    public void The_defaults_are_30_30_and_60_seconds_and_valid()
    {
        var options = new OrderSagaOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.StepTimeouts.ToDeadlines(),
                Is.EqualTo(new OrderStepDeadlines(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60))));
            Assert.That(new OrderSagaOptionsValidator().Validate(null, options).Succeeded, Is.True);
        });
    }

    [Test]
    public void The_saga_repository_is_entity_framework_core_unless_set()
    {
        using var host = BuildOrchestrator();

        Assert.That(host.Services.GetRequiredService<IOptions<OrderSagaOptions>>().Value.SagaRepository, Is.EqualTo(SagaRepositoryKind.EntityFrameworkCore));
    }

    [Test]
    public void An_unknown_saga_repository_is_named()
    {
        var result = new OrderSagaOptionsValidator().Validate(null, new OrderSagaOptions { SagaRepository = (SagaRepositoryKind)7 });

        Assert.That(result.Failures, Is.EqualTo(new[] { "Orchestrator:SagaRepository must be EntityFrameworkCore or InMemory" }));
    }

    [TestCase("Payment")]
    [TestCase("Inventory")]
    [TestCase("Shipping")]
    public void A_step_timeout_that_is_not_positive_is_named(string step)
    {
        var options = new OrderSagaOptions();
        switch (step)
        {
            case "Payment": options.StepTimeouts.Payment = TimeSpan.Zero; break;
            case "Inventory": options.StepTimeouts.Inventory = TimeSpan.Zero; break;
            case "Shipping": options.StepTimeouts.Shipping = TimeSpan.FromSeconds(-1); break;
        }

        var result = new OrderSagaOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Has.Exactly(1).StartsWith($"Orchestrator:StepTimeouts:{step} must be a positive duration"));
    }

    [Test]
    public void A_compensation_timeout_or_late_reminder_grace_that_is_not_positive_and_fewer_than_one_attempt_are_named()
    {
        var options = new OrderSagaOptions();
        options.StepTimeouts.Compensation = TimeSpan.Zero;
        options.StepTimeouts.CompensationAttempts = 0;
        options.StepTimeouts.LateReminderGrace = TimeSpan.FromSeconds(-1);

        var result = new OrderSagaOptionsValidator().Validate(null, options);

        Assert.That(result.Failures, Is.EqualTo(new[]
        {
            "Orchestrator:StepTimeouts:Compensation must be a positive duration (e.g. 00:00:30), not 00:00:00",
            "Orchestrator:StepTimeouts:LateReminderGrace must be a positive duration (e.g. 00:00:30), not -00:00:01",
            "Orchestrator:StepTimeouts:CompensationAttempts must be at least 1, not 0",
        }));
    }

    [Test]
    public void The_orchestrator_service_gives_the_state_machine_the_configured_compensation_deadline_and_attempts()
    {
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Compensation", "00:01:00", "--Orchestrator:StepTimeouts:CompensationAttempts", "7");

        host.Services.GetRequiredService<IStartupValidator>().Validate();

        var deadlines = host.Services.GetRequiredService<OrderStepDeadlines>();
        Assert.Multiple(() =>
        {
            Assert.That(deadlines.Compensation, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(deadlines.CompensationAttempts, Is.EqualTo(7));
        });
    }

    [Test]
    public void The_orchestrator_service_gives_the_state_machine_the_configured_deadlines()
    {
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Payment", "00:00:05", "--Orchestrator:StepTimeouts:Shipping", "00:02:00",
            "--Orchestrator:StepTimeouts:FraudCheck", "00:00:07", "--Orchestrator:Outbox:DeliveryLease", "00:00:01");

        host.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(host.Services.GetRequiredService<OrderStepDeadlines>(),
            Is.EqualTo(new OrderStepDeadlines(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)) { FraudCheck = TimeSpan.FromSeconds(7) }));
    }

    [Test]
    public void The_orchestrator_service_takes_the_schedulers_start_up_grace_from_its_settings_and_refuses_a_negative_one()
    {
        using var host = BuildOrchestrator("--Orchestrator:Scheduler:StartupGrace", "00:00:20");
        using var refused = BuildOrchestrator("--Orchestrator:Scheduler:StartupGrace", "-00:00:01");

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var error = Assert.Throws<OptionsValidationException>(() => refused.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Multiple(() =>
        {
            var scheduler = host.Services.GetRequiredService<DurableSchedulerOptions<OrderSagaDbContext>>();
            Assert.That(scheduler.StartupGrace, Is.EqualTo(TimeSpan.FromSeconds(20)), "start-up grace");
            Assert.That(scheduler.QueueName, Is.EqualTo(OrderSagaRegistration.SchedulerQueue), "queue");
            Assert.That(error!.Failures, Is.EqualTo(new[] { "Orchestrator:Scheduler:StartupGrace must not be negative (got -00:00:01)" }));
        });
    }

    [Test]
    public void The_orchestrator_service_refuses_an_outbox_lease_above_a_third_of_the_shortest_step_deadline()
    {
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Payment", "00:00:12");
        using var shorter = BuildOrchestrator("--Orchestrator:StepTimeouts:Payment", "00:00:12", "--Orchestrator:Outbox:DeliveryLease", "00:00:04");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Multiple(() =>
        {
            Assert.That(error!.Failures, Is.EqualTo(new[]
            {
                "Orchestrator:Outbox:DeliveryLease (00:00:05) must be at most a third of the shortest step deadline (00:00:12), " +
                "or a crashed instance's messages could miss it",
            }), "the default lease against a 12 s deadline");
            Assert.DoesNotThrow(() => shorter.Services.GetRequiredService<IStartupValidator>().Validate(), "a 4 s lease");
        });
    }

    [Test]
    public void The_orchestrator_service_refuses_to_start_with_a_step_timeout_that_is_not_positive()
    {
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Inventory", "00:00:00");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Exactly(1).StartsWith("Orchestrator:StepTimeouts:Inventory must be a positive duration"));
    }

    [TestCase("0")]
    [TestCase("3")]
    public void The_orchestrator_service_refuses_a_definition_version_it_does_not_know(string version)
    {
        using var host = BuildOrchestrator("--Orchestrator:DefinitionVersion", version);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Exactly(1).EqualTo(
            $"Orchestrator:DefinitionVersion must be a flow version this build knows, 1 to 2, not {version}"));
    }

    [Test]
    public void New_orders_start_on_the_latest_flow_unless_a_definition_version_is_set()
    {
        using var byDefault = BuildOrchestrator();
        using var pinned = BuildOrchestrator("--Orchestrator:DefinitionVersion", "1");

        Assert.Multiple(() =>
        {
            Assert.That(byDefault.Services.GetRequiredService<OrderFlow>(), Is.SameAs(OrderFlows.Latest));
            Assert.That(pinned.Services.GetRequiredService<OrderFlow>(), Is.SameAs(OrderFlows.V1));
        });
    }

    // Built, never started: nothing connects to a broker or opens a database.
    static IHost BuildOrchestrator(params string[] args)
    {
        var builder = ServiceHostBuilder.Create(args);
        OrchestratorService.Configure(builder);
        return builder.Build();
    }
}
