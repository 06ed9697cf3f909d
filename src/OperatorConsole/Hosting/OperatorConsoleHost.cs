using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Operations;
using Saga.OperatorConsole.Configuration;

namespace Saga.OperatorConsole.Hosting;

/// <summary>
/// The console as an application of its own on Kestrel, as <c>saga console</c> runs it: the settings from the given
/// configuration (the same the <c>saga</c> tool reads, plus <c>Console:…</c>), checked before anything listens.
/// </summary>
public static class OperatorConsoleHost
{
    /// <summary>The data-protection key manager's log, quietened where the console runs (its keys stay in memory).</summary>
    public const string KeyManagerLogCategory = "Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager";

    /// <summary>
    /// Builds and starts the console. Invalid settings (a non-loopback address without operators among them) throw
    /// <see cref="OptionsValidationException"/> or, for the transport and database settings, <see cref="OperationException"/>,
    /// before any port is opened.
    /// </summary>
    public static async Task<RunningConsole> StartAsync(IConfiguration configuration, Action<OperatorConsoleOptions>? configure = null,
        Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(OperatorConsoleHost).Assembly.GetName().Name });
        builder.Services.AddOperatorConsole(configuration, configure);
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning)
            // It warns that keys are stored unencrypted; they are only ever in memory (InMemoryKeyRepository).
            .AddFilter(KeyManagerLogCategory, LogLevel.Error);
        logging?.Invoke(builder.Logging);

        // The settings are checked here, before Kestrel binds: the URL, the operators, the transport and the database.
        var probe = builder.Services.BuildServiceProvider();
        await using (probe.ConfigureAwait(false))
        {
            var options = probe.GetRequiredService<IOptions<OperatorConsoleOptions>>().Value;
            probe.GetRequiredService<OperatorSettings>();
            builder.WebHost.UseKestrel(kestrel => kestrel.Configure(configuration.GetSection($"{OperatorConsoleOptions.Section}:Kestrel")));
            builder.WebHost.UseUrls(options.Url);
        }

        var application = builder.Build();
        application.UseOperatorConsole();
        application.MapOperatorConsole();
        await application.StartAsync(cancellationToken);
        var address = application.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                      ?? application.Services.GetRequiredService<IOptions<OperatorConsoleOptions>>().Value.Url;
        return new RunningConsole(application, new Uri(address));
    }
}
