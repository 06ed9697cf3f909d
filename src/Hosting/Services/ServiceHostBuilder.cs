using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Hosting.Database;
using Saga.Hosting.Telemetry;
using Saga.Settings.Transport;

namespace Saga.Hosting.Services;

/// <summary>The host every service starts from: standard .NET configuration, validated transport settings, migrations on start when asked.</summary>
public static class ServiceHostBuilder
{
    public static HostApplicationBuilder Create(string[] args, Action<HostApplicationBuilderSettings>? settings = null)
    {
        var hostSettings = new HostApplicationBuilderSettings { Args = args };
        settings?.Invoke(hostSettings);
        var builder = Host.CreateApplicationBuilder(hostSettings);

        // EF Core logs every SQL statement at Information; a service log wants its warnings only.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Services.AddTransportOptions(builder.Configuration);
        builder.AddSagaTelemetry();

        // Start completes only once the bus is connected and its queues and bindings exist, so that nothing published to
        // this service right after start-up can miss it (systemd's READY=1 waits for it too).
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromMinutes(1);
        });
        builder.AddGracefulShutdown();
        builder.AddServiceManagers();
        builder.Services.AddSingleton<DatabaseMigrator>();

        // Registered before the bus: hosted services start in order, so migrations finish before anything is consumed.
        builder.Services.AddHostedService<MigrateOnStartService>();
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }
}
