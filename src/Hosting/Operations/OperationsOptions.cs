namespace Saga.Hosting.Operations;

/// <summary>The operations listener: health endpoints (and what else the service maps there) on a small HTTP listener of its own.</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>Off by default: a service opens no port unless asked to.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where it listens; each service has its own loopback default (the orchestrator 8081, the participants 8082).</summary>
    public string? Url { get; set; }

    /// <summary>The outbox counts as stuck (the service is not ready) when its oldest undelivered batch is older than this.</summary>
    public TimeSpan OutboxStuckAfter { get; set; } = TimeSpan.FromMinutes(5);
}
