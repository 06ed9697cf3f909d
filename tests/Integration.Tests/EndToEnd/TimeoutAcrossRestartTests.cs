using Microsoft.EntityFrameworkCore;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// A step deadline scheduled before the orchestrator stops fires after it is back: the schedule lives in the orchestrator's
/// database, not in the process. The payment that answers long after its deadline is then taken late and refunded by the
/// void the timeout sent.
/// </summary>
[NonParallelizable]
public sealed class TimeoutAcrossRestartTests
{
    static readonly TimeSpan PaymentDeadline = TimeSpan.FromSeconds(3);

    [Test]
    public async Task A_deadline_that_passes_while_the_orchestrator_is_down_fires_when_it_is_back()
    {
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Orchestrator:StepTimeouts:Payment"] = PaymentDeadline.ToString(),
                // At most a third of the deadline, as the orchestrator requires.
                ["Orchestrator:Outbox:DeliveryLease"] = "00:00:01",
            },
        };
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false);
        var order = TestOrders.Valid();

        await system.Submit(order);
        var waiting = await system.WaitForState(order.OrderId, "AwaitingPayment");
        var schedule = await StoredSchedule(system, waiting.PaymentDeadlineTokenId!.Value);
        await system.StopOrchestratorAsync();

        // Down past the due time: nothing is left in the process that could fire it.
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow > schedule.DueAt.AddSeconds(1)), "the deadline has passed");
        Assert.That((await system.Find(order.OrderId))!.CurrentState, Is.EqualTo("AwaitingPayment"), "no deadline fires while the orchestrator is down");

        // The payment's outcome is unknown: the order waits in Compensating for its void until the participant is back.
        await system.StartOrchestratorAsync();
        var timedOut = await system.WaitForState(order.OrderId, "Compensating");
        int schedulesLeft;
        await using (var orchestrator = system.Orchestrator())
            schedulesLeft = await orchestrator.Set<ScheduledMessage>().CountAsync();
        Assert.Multiple(() =>
        {
            Assert.That(timedOut.FailureReason, Is.EqualTo("timeout"));
            Assert.That(timedOut.TimedOutStep, Is.EqualTo(OrderStep.Payment));
            Assert.That(schedule.DueAt, Is.EqualTo(waiting.UpdatedAt + PaymentDeadline).Within(TimeSpan.FromSeconds(1)),
                "the deadline counts from the saga's own commit");
            Assert.That(schedulesLeft, Is.EqualTo(1), "the fired schedule is gone; the void's deadline is the only one left");
        });

        // The payment participant comes up and takes the payment it was asked for, then the void, which refunds it.
        await system.StartParticipantsAsync();
        var final = await system.WaitForState(order.OrderId, "Compensated");
        await using var ledger = system.Payment();
        var kinds = await ledger.LedgerEntries.Where(e => e.OrderId == order.OrderId).Select(e => e.Kind.ToString()).ToListAsync();
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.EquivalentTo(new[] { "Charge", "Refund" }).Or.Empty,
                "the void either refunds the charge or, when it ran first, keeps the payment from charging");
            Assert.That(final!.CurrentState, Is.EqualTo("Compensated"));
        });
    }

    static async Task<ScheduledMessage> StoredSchedule(SagaSystem system, Guid tokenId)
    {
        ScheduledMessage? stored = null;
        await Poll.UntilAsync(async () =>
        {
            await using var orchestrator = system.Orchestrator();
            stored = await orchestrator.Set<ScheduledMessage>().AsNoTracking().SingleOrDefaultAsync(x => x.TokenId == tokenId);
            return stored is not null;
        }, "the scheduler stored the payment deadline");
        return stored!;
    }
}
