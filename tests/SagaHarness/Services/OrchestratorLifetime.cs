using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Services;

/// <summary>
/// One orchestrator process of a run: its name, the flow version it starts new orders on (its
/// <c>Orchestrator:DefinitionVersion</c>; null for the build's default), and when it ran, in UTC: from just before it was
/// launched until it was seen gone (null while it runs). An order it accepted was accepted in between.
/// </summary>
public sealed class OrchestratorLifetime(string name, int? definitionVersion, DateTime started)
{
    public const string DefinitionVersionSetting = "Orchestrator:DefinitionVersion";

    public string Name { get; } = name;

    public int? DefinitionVersion { get; } = definitionVersion;

    public DateTime Started { get; } = started;

    public DateTime? Stopped { get; set; }

    internal ServiceProcess? Process { get; set; }

    /// <summary>Whether the process ran at any moment from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public bool RanBetween(DateTime from, DateTime to) => Started <= to && (Stopped is null || Stopped >= from);
}
