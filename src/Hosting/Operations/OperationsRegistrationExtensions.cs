using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Operations;

public static class OperationsRegistrationExtensions
{
    /// <summary>
    /// Adds the operations listener (settings <c>Operations:…</c>, off by default, on <paramref name="defaultUrl"/> unless
    /// <c>Operations:Url</c> says otherwise) and the readiness checks of the service's databases and outboxes.
    /// </summary>
    public static HostApplicationBuilder AddOperationsListener(this HostApplicationBuilder builder, string defaultUrl)
    {
        builder.Services.AddOptions<OperationsOptions>()
            .Bind(builder.Configuration.GetSection(OperationsOptions.Section))
            .PostConfigure(options =>
            {
                if (string.IsNullOrWhiteSpace(options.Url))
                    options.Url = defaultUrl;
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, DatabaseHealthCheckRegistrations>();
        builder.Services.AddHostedService<OperationsListener>();
        // Only the listener runs ASP.NET Core here: a line per probe request would drown the service's own log.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }
}
