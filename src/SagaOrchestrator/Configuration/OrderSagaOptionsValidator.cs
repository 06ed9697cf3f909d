using Microsoft.Extensions.Options;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>Refuses to start with orchestrator settings that cannot work, naming the setting to fix.</summary>
public sealed class OrderSagaOptionsValidator : IValidateOptions<OrderSagaOptions>
{
    const string StepTimeoutsPrefix = OrderSagaOptions.Section + ":StepTimeouts:";

    public ValidateOptionsResult Validate(string? name, OrderSagaOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.SagaRepository))
            failures.Add($"{OrderSagaOptions.Section}:SagaRepository must be EntityFrameworkCore or InMemory");
        if (OrderFlows.Find(options.DefinitionVersion) is null)
        {
            failures.Add($"{OrderSagaOptions.Section}:DefinitionVersion must be a flow version this build knows, " +
                $"1 to {OrderFlows.Latest.Version}, not {options.DefinitionVersion}");
        }

        var timeouts = options.StepTimeouts;
        var deadlines = timeouts.ToDeadlines();
        foreach (var step in OrderSteps.All)
            RequirePositive(failures, step.Step.ToString(), step.Deadline(deadlines));
        RequirePositive(failures, nameof(timeouts.Compensation), timeouts.Compensation);
        RequirePositive(failures, nameof(timeouts.LateReminderGrace), timeouts.LateReminderGrace);
        if (timeouts.CompensationAttempts < 1)
            failures.Add($"{StepTimeoutsPrefix}{nameof(timeouts.CompensationAttempts)} must be at least 1, not {timeouts.CompensationAttempts}");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // A zero or negative deadline would give every order up the moment its step starts.
    static void RequirePositive(List<string> failures, string step, TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
            failures.Add($"{StepTimeoutsPrefix}{step} must be a positive duration (e.g. 00:00:30), not {timeout}");
    }
}
