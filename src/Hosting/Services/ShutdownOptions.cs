namespace Saga.Hosting.Services;

/// <summary>How long the service may take to stop (<c>Saga:Host:ShutdownTimeout</c>).</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Saga:Host";

    /// <summary>
    /// The whole stop: the bus gets two thirds of it to let the messages it is handling finish, the rest is for the
    /// outbox pass under way and the other background services. Keep it below the service manager's own limit
    /// (systemd <c>TimeoutStopSec</c>, 90 s by default).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long the bus waits for in-flight messages before it stops anyway (their transactions then roll back).</summary>
    public TimeSpan BusStopTimeout => ShutdownTimeout * 2 / 3;
}
