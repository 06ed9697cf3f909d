using Saga.Settings.Listening;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Operations;

/// <summary>
/// The operations listener: a minimal Kestrel application next to the service's generic host, sharing its health checks,
/// logging and operations endpoints. It starts before any other hosted service (so <c>/health/ready</c> answers 503
/// while migrations run and the bus connects) and stops after all of them.
/// </summary>
public sealed partial class OperationsListener(IOptions<OperationsOptions> options, IServiceProvider services, ILoggerFactory loggerFactory,
    IHostEnvironment environment, IConfiguration configuration, ILogger<OperationsListener> logger) : IHostedLifecycleService, IAsyncDisposable
{
    WebApplication? _application;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
            return;

        // Validated at start-up; a URL that still does not parse here is a bug, not a setting.
        if (!ListenUrl.TryParse(settings.Url, out var url))
            throw new InvalidOperationException($"{OperationsOptions.Section}:Url '{settings.Url}' is not an http(s) URL");
        if (!ListenUrl.IsLoopback(url))
            LogNotLoopback(logger, settings.Url!);

        _application = Build(settings.Url!);
        await _application.StartAsync(cancellationToken);
        LogListening(logger, settings.Url!);
    }

    WebApplication Build(string url)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = environment.ApplicationName,
            ContentRootPath = environment.ContentRootPath,
            EnvironmentName = environment.EnvironmentName,
        });
        // Operations:Kestrel takes Kestrel's own settings, e.g. Certificates:Default for an https URL.
        builder.WebHost.UseKestrel(kestrel => kestrel.Configure(configuration.GetSection($"{OperationsOptions.Section}:Kestrel")));
        builder.WebHost.UseUrls(url);
        builder.Services.AddRouting();
        builder.Services.AddSingleton<IHostLifetime, OperationsListenerLifetime>();
        // The service's singletons, not copies: the checks run against its bus and databases, and log through its logging.
        // (Resolved only here: a service without the listener builds none of it.)
        builder.Services.AddSingleton(services.GetRequiredService<HealthCheckService>());
        builder.Services.AddSingleton(loggerFactory);
        var contributions = services.GetServices<IOperationsEndpoints>().ToList();
        foreach (var contribution in contributions.OfType<IOperationsServices>())
            contribution.ConfigureServices(builder.Services);

        var application = builder.Build();
        foreach (var contribution in contributions.OfType<IOperationsServices>())
            contribution.Configure(application);
        application.MapHealthChecks("/health/live", new HealthCheckOptions
        {
            // The process answers: nothing else is asked, so that a broker outage does not get the service restarted.
            Predicate = _ => false,
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        });
        application.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(DatabaseHealthCheckRegistrations.ReadyTag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        });
        // Contributions are resolved from the service; the routes they map run in the listener's own container, which holds
        // only what is registered above (and what an IOperationsServices contribution added), so they take what else they
        // need from the service through their constructor.
        foreach (var contribution in contributions)
            contribution.Map(application);
        return application;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_application is not null)
            await _application.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
            await _application.DisposeAsync();
        _application = null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operations listener on {Url}: /health/live, /health/ready")]
    static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operations:Url {Url} is not a loopback address: the health endpoints can be reached from other machines")]
    static partial void LogNotLoopback(ILogger logger, string url);
}
