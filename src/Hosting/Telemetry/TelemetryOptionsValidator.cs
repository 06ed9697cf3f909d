using Microsoft.Extensions.Options;

namespace Saga.Hosting.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> at start-up; each failure names its setting.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (options.Otlp.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
            failures.Add($"{TelemetryOptions.Section}:Otlp:Endpoint must be an absolute http or https address");
        if (options.Otlp.Endpoint is { UserInfo.Length: > 0 })
            failures.Add($"{TelemetryOptions.Section}:Otlp:Endpoint must not carry credentials; put them in {TelemetryOptions.Section}:Otlp:Headers");
        if (options.Otlp.Headers is { Length: > 0 } headers
            && headers.Split(',', StringSplitOptions.RemoveEmptyEntries).Any(pair => pair.IndexOf('=', StringComparison.Ordinal) <= 0))
            failures.Add($"{TelemetryOptions.Section}:Otlp:Headers must be key=value pairs separated by commas");
        if (options.Metrics.ExportInterval <= TimeSpan.Zero)
            failures.Add($"{TelemetryOptions.Section}:Metrics:ExportInterval must be a positive duration");
        if (options.ServiceName is { } serviceName && string.IsNullOrWhiteSpace(serviceName))
            failures.Add($"{TelemetryOptions.Section}:ServiceName must not be blank");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
