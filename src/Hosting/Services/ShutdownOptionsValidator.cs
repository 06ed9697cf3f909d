using Microsoft.Extensions.Options;

namespace Saga.Hosting.Services;

/// <summary>Refuses a shutdown timeout that leaves no time to stop, or that no service manager would wait for.</summary>
public sealed class ShutdownOptionsValidator : IValidateOptions<ShutdownOptions>
{
    public ValidateOptionsResult Validate(string? name, ShutdownOptions options) =>
        options.ShutdownTimeout < TimeSpan.FromSeconds(1) || options.ShutdownTimeout > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail($"{ShutdownOptions.Section}:ShutdownTimeout must be between 00:00:01 and 01:00:00")
            : ValidateOptionsResult.Success;
}
