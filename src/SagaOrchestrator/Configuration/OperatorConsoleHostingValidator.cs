using Microsoft.Extensions.Options;
using Saga.Hosting.Operations;
using Saga.OperatorConsole.Configuration;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>
/// With <c>Console:Enabled</c>, the orchestrator refuses to start unless the operations listener is on (the console is
/// served there) and the console's own settings hold for the listener's address: an address other machines can reach
/// needs at least one operator.
/// </summary>
public sealed class OperatorConsoleHostingValidator(OperatorConsoleOptions console) : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        if (!options.Enabled)
            failures.Add($"{OperatorConsoleOptions.Section}:Enabled serves the console on the operations listener: set {OperationsOptions.Section}:Enabled too");

        console.Url = options.Url ?? console.Url;
        var consoleResult = new OperatorConsoleOptionsValidator().Validate(null, console);
        if (consoleResult.Failed)
            failures.AddRange(consoleResult.Failures.Select(f => f.Replace($"{OperatorConsoleOptions.Section}:Url", $"{OperationsOptions.Section}:Url", StringComparison.Ordinal)));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
