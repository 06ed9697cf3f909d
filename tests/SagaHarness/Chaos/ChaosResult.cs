using System.Text;
using Saga.SagaHarness.Books;
using Saga.SagaHarness.Services;

namespace Saga.SagaHarness.Chaos;

/// <summary>What a chaos run did, and the checks of its books.</summary>
public sealed record ChaosResult(
    ChaosOptions Options,
    int Publishes,
    int PublishRetries,
    IReadOnlyList<InjectedFault> Faults,
    TimeSpan Submission,
    TimeSpan Total,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyList<CheckResult> Checks,
    string ServiceOutput)
{
    /// <summary>The sagas per flow (definition) version and state.</summary>
    public IReadOnlyDictionary<int, IReadOnlyDictionary<string, int>> ByFlow { get; init; } = new Dictionary<int, IReadOnlyDictionary<string, int>>();

    /// <summary>Every orchestrator process the run started, with the flow it started orders on and when it ran.</summary>
    public IReadOnlyList<OrchestratorLifetime> Orchestrators { get; init; } = [];

    /// <summary>When the submission began (UTC): what the orchestrators' lifetimes are shown relative to, as the faults are.</summary>
    public DateTime SubmissionStartedAt { get; init; }

    public bool Passed => Checks.All(x => x.Passed);

    public IEnumerable<CheckResult> Failed => Checks.Where(x => !x.Passed);

    /// <summary>The run and every check, one a line, failed ones marked; readable in a test's output.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"chaos run '{Options.Name}': {Options.Orders} orders ({Options.MixedOrders} mixed, {Options.HotOrders} hot-row, " +
                        $"{Options.ScarceOrders} for {Options.ScarceStock} units" +
                        (Options.BlockedOrders > 0 ? $", {Options.BlockedOrders} of a customer the fraud check blocks" : "") + $") through {Options.Orchestrators} orchestrator(s) and " +
                        $"{Options.ParticipantProcesses} participants process(es), {Publishes} publishes ({Options.Malformed} malformed, " +
                        $"{PublishRetries} retried) over {Submission.TotalSeconds:0.0} s, {Total.TotalSeconds:0.0} s in all");
        foreach (var fault in Faults)
            text.AppendLine($"  fault {FaultNames.Of(fault.Fault)} at {fault.At.TotalSeconds:0.0} s (after {fault.SubmittedBefore} publishes), running again after {fault.Took.TotalSeconds:0.0} s: {fault.Detail}");
        text.AppendLine("  sagas: " + string.Join(", ", Outcomes.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Value} {x.Key}")));
        foreach (var (version, states) in ByFlow)
            text.AppendLine($"  flow {version}: " + string.Join(", ", states.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Value} {x.Key}")));
        if (Orchestrators.Count > 1 || Orchestrators.Any(x => x.DefinitionVersion is not null))
        {
            foreach (var orchestrator in Orchestrators.OrderBy(x => x.Started))
                text.AppendLine($"  {orchestrator.Name} starting flow {orchestrator.DefinitionVersion?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}: " +
                                $"ran from {(orchestrator.Started - SubmissionStartedAt).TotalSeconds:0.0} s to " +
                                (orchestrator.Stopped is { } stopped ? $"{(stopped - SubmissionStartedAt).TotalSeconds:0.0} s" : "the end"));
        }

        foreach (var check in Checks)
            text.AppendLine($"  [{(check.Passed ? "ok" : "FAILED")}] {check.Name}: {check.Detail}");
        return text.ToString();
    }
}
