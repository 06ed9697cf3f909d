using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Saga.Persistence.Telemetry;

/// <summary>
/// The engine's own <see cref="ActivitySource"/> and <see cref="Meter"/>, both named <see cref="Name"/>, next to
/// MassTransit's ("MassTransit"). Without a listener (no exporter configured) they cost next to nothing.
/// </summary>
public static class SagaDiagnostics
{
    public const string Name = "Saga";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);
}
