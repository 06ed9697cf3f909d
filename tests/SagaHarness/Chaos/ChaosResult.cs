using System.Text;
using Saga.SagaHarness.Books;

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
    public bool Passed => Checks.All(x => x.Passed);

    public IEnumerable<CheckResult> Failed => Checks.Where(x => !x.Passed);

    /// <summary>The run and every check, one a line, failed ones marked; readable in a test's output.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"chaos run '{Options.Name}': {Options.Orders} orders ({Options.MixedOrders} mixed, {Options.HotOrders} hot-row, " +
                        $"{Options.ScarceOrders} for {Options.ScarceStock} units) through {Options.Orchestrators} orchestrator(s) and " +
                        $"{Options.ParticipantProcesses} participants process(es), {Publishes} publishes ({Options.Malformed} malformed, " +
                        $"{PublishRetries} retried) over {Submission.TotalSeconds:0.0} s, {Total.TotalSeconds:0.0} s in all");
        foreach (var fault in Faults)
            text.AppendLine($"  fault {FaultNames.Of(fault.Fault)} at {fault.At.TotalSeconds:0.0} s (after {fault.SubmittedBefore} publishes), running again after {fault.Took.TotalSeconds:0.0} s: {fault.Detail}");
        text.AppendLine("  sagas: " + string.Join(", ", Outcomes.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Value} {x.Key}")));
        foreach (var check in Checks)
            text.AppendLine($"  [{(check.Passed ? "ok" : "FAILED")}] {check.Name}: {check.Detail}");
        return text.ToString();
    }
}
