namespace Saga.SagaHarness.Services;

/// <summary>
/// What a benchmark changes in how the services run, on top of <see cref="SagaSystem"/>'s own configuration: settings
/// (keys as in docs/configuration.md), environment variables of the service processes, and Npgsql's Maximum Pool Size on
/// each of their connection strings.
/// </summary>
public sealed record ServiceOverrides
{
    public static ServiceOverrides None { get; } = new();

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Npgsql's <c>Maximum Pool Size</c> for every service database; null keeps Npgsql's default (100).</summary>
    public int? MaxPoolSize { get; init; }
}
