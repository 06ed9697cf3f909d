using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Hosting.Services;
using Saga.SagaOrchestrator.Configuration;
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
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Payment", "00:00:05", "--Orchestrator:StepTimeouts:Shipping", "00:02:00");

        host.Services.GetRequiredService<IStartupValidator>().Validate();

        Assert.That(host.Services.GetRequiredService<OrderStepDeadlines>(),
            Is.EqualTo(new OrderStepDeadlines(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2))));
    }

    [Test]
    public void The_orchestrator_service_refuses_to_start_with_a_step_timeout_that_is_not_positive()
    {
        using var host = BuildOrchestrator("--Orchestrator:StepTimeouts:Inventory", "00:00:00");

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(error!.Failures, Has.Exactly(1).StartsWith("Orchestrator:StepTimeouts:Inventory must be a positive duration"));
    }

    // Built, never started: nothing connects to a broker or opens a database.
    static IHost BuildOrchestrator(params string[] args)
    {
        var builder = ServiceHostBuilder.Create(args);
        OrchestratorService.Configure(builder);
        return builder.Build();
    }
}
