using Saga.SagaHarness.Books;
using Saga.SagaHarness.Orders;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Chaos.Tests.Upgrades;

/// <summary>
/// The harness checks the flows by plain SQL and names of its own (it runs the services as processes and does not
/// reference them): they must be the orchestrator's, or the upgrade scenarios would check the wrong thing.
/// </summary>
public sealed class HarnessFlowNamesTests
{
    [Test]
    public void The_harness_knows_the_orchestrators_latest_flow_its_first_flow_with_the_fraud_check_and_how_a_failed_check_is_worded()
    {
        Assert.That(OrderFlows.Latest.Version, Is.EqualTo(FlowChecks.LatestFlow));
        Assert.That(OrderFlows.All.First(flow => flow.Steps.Contains(OrderSteps.FraudCheck)).Version, Is.EqualTo(PlannedOrder.FirstFlowWithFraudCheck));
        Assert.That(OrderSteps.FraudCheck.DeclinedAs + ":", Is.EqualTo(PlannedOrder.FraudCheckFailure));
        Assert.That(OrderSteps.FraudCheck.AwaitingState, Is.EqualTo(FlowChecks.FraudCheckState));
    }
}
