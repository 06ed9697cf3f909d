using Saga.Settings.Listening;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Operations;

/// <summary>Refuses an operations listener address that is not an http(s) URL, and a stuck-outbox threshold that is not positive.</summary>
public sealed class OperationsOptionsValidator : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        if (!ListenUrl.TryParse(options.Url, out _))
            failures.Add($"{OperationsOptions.Section}:Url must be an absolute http or https URL such as http://127.0.0.1:8081 (it is '{options.Url}')");
        if (options.OutboxStuckAfter <= TimeSpan.Zero)
            failures.Add($"{OperationsOptions.Section}:OutboxStuckAfter must be a positive duration");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
