using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Saga.Hosting.Services;

public static class GracefulShutdownExtensions
{
    /// <summary>
    /// Bounds the stop by <see cref="ShutdownOptions.ShutdownTimeout"/>: hosted services stop in reverse order, so the bus
    /// (registered after the databases and their outboxes) stops first — no new message is taken, those being handled
    /// finish and are acknowledged, prefetched ones go back to the broker — then the outbox and scheduler loops finish
    /// their pass. A message still running when the bus's share of the time is up is not acknowledged and its
    /// transaction does not commit: the broker delivers it again after the restart.
    /// </summary>
    public static HostApplicationBuilder AddGracefulShutdown(this HostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ShutdownOptions>().Bind(builder.Configuration.GetSection(ShutdownOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ShutdownOptions>, ShutdownOptionsValidator>();
        builder.Services.AddOptions<HostOptions>()
            .Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.ShutdownTimeout);
        builder.Services.AddOptions<MassTransitHostOptions>()
            .Configure<IOptions<ShutdownOptions>>((bus, shutdown) => bus.StopTimeout = shutdown.Value.BusStopTimeout);
        return builder;
    }
}
