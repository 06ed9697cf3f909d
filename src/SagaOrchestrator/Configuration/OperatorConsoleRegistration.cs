using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Hosting.Operations;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Hosting;

namespace Saga.SagaOrchestrator.Configuration;

public static class OperatorConsoleRegistration
{
    /// <summary>
    /// With <c>Console:Enabled</c>, serves the saga console on the operations listener (after
    /// <see cref="OperationsRegistrationExtensions.AddOperationsListener"/>); checked at start with the listener's settings.
    /// </summary>
    public static HostApplicationBuilder AddOperatorConsoleOnOperationsListener(this HostApplicationBuilder builder)
    {
        var console = builder.Configuration.GetSection(OperatorConsoleOptions.Section).Get<OperatorConsoleOptions>() ?? new OperatorConsoleOptions();
        if (!console.Enabled)
            return builder;

        builder.Services.AddSingleton<IValidateOptions<OperationsOptions>>(new OperatorConsoleHostingValidator(console));
        builder.Services.AddSingleton<IOperationsEndpoints, OperatorConsoleEndpoints>();
        // The console's key ring is in memory only; the key manager's warning about unencrypted keys does not apply.
        builder.Logging.AddFilter(OperatorConsoleHost.KeyManagerLogCategory, LogLevel.Error);
        return builder;
    }
}
