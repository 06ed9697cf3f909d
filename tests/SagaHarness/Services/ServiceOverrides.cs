namespace Saga.SagaHarness.Services;

/// <summary>
/// What a benchmark changes in how the services run, on top of <see cref="SagaSystem"/>'s own configuration: settings
/// (keys as in docs/configuration.md), environment variables of the service processes, and Npgsql's Maximum Pool Size on
/// each of their connection strings. An upgrade run also gives single orchestrator instances settings of their own: the
/// release each one starts as, and the release an upgraded one runs.
/// </summary>
public sealed record ServiceOverrides
{
    public static ServiceOverrides None { get; } = new();

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Npgsql's <c>Maximum Pool Size</c> for every service database; null keeps Npgsql's default (100).</summary>
    public int? MaxPoolSize { get; init; }

    /// <summary>
    /// Settings of orchestrator instance <c>i + 1</c> on top of <see cref="Settings"/>, until it is upgraded; instances
    /// past the list's end have none of their own.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string?>> OrchestratorInstances { get; init; } = [];

    /// <summary>Settings of an orchestrator instance once upgraded (<see cref="SagaSystem.UpgradeOrchestratorsAsync"/>), on top of <see cref="Settings"/>.</summary>
    public IReadOnlyDictionary<string, string?> UpgradedOrchestrator { get; init; } = new Dictionary<string, string?>();
}
