using Microsoft.EntityFrameworkCore;
using Saga.Cli;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Actions;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations.Actions;
using Saga.Participants.Configuration;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// <c>saga cancel</c> and <c>saga retry</c> on orders in flight: only the payment participant runs, so an order waits for
/// its reservation after being charged, where a cancel is accepted; a refund the participant refuses then leaves it
/// CompensationFailed (as in <see cref="CompensationFailureTests"/>), where a retry is accepted and, the record fixed,
/// compensates the order.
/// </summary>
[NonParallelizable]
public sealed class CliCancelAndRetryTests
{
    SagaSystem _system = null!;
    SagaCliRunner _cli = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        await _system.StartParticipantsAsync(only: ParticipantKind.Payment);
        _cli = new SagaCliRunner(_system.Settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _cli.Dispose();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task Cancelling_an_order_in_flight_is_accepted_and_it_ends_compensated()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingInventory");

        var cancel = await _cli.RunAsync("cancel", order.OrderId.ToString(), "--reason", "changed my mind");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Ok), cancel.ToString());
        Assert.That(cancel.Output, Does.StartWith("accepted: "));
        // The reservation in flight is released first; the test answers for the inventory participant, which does not run.
        await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        var saga = await _system.WaitForOutcome(order.OrderId);
        Assert.That(saga.CurrentState, Is.EqualTo("Compensated"));
        Assert.That(saga.FailureReason, Is.EqualTo("cancelled: changed my mind"));
    }

    [Test]
    public async Task Cancelling_an_unknown_order_is_refused()
    {
        var cancel = await _cli.RunAsync("cancel", Guid.NewGuid().ToString(), "--json");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Failed), cancel.ToString());
        Assert.That(cancel.Json().GetProperty("reason").GetString(), Is.EqualTo("unknown order"));
    }

    [Test]
    public async Task A_cancel_is_recorded_in_operator_actions_with_the_operator_given_by_by()
    {
        var orderId = Guid.NewGuid();

        var cancel = await _cli.RunAsync("cancel", orderId.ToString(), "--by", "erin");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Failed), cancel.ToString());
        Assert.That(cancel.Error, Is.Empty, "recorded without a warning");
        var log = new OperatorActionLog(OperatorSystemSettings.For(_system), TimeProvider.System);
        var record = (await log.RecentAsync(100, CancellationToken.None)).Single(r => r.Target == orderId.ToString());
        Assert.That((record.Operator, record.Action, record.Outcome, record.Detail),
            Is.EqualTo(("erin", ActionNames.Cancel, ActionOutcomes.Refused, "unknown order")));
    }

    [Test]
    public async Task A_cancel_the_database_cannot_record_still_happens_and_says_so_on_stderr()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.db");

        var cancel = await _cli.RunAsync("cancel", Guid.NewGuid().ToString(), "--provider", "Sqlite", "--connection-string", $"Data Source={missing}");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Failed), cancel.ToString());
        Assert.That(cancel.Output, Does.StartWith("refused: unknown order"), "the orchestrator answered all the same");
        Assert.That(cancel.Error, Does.StartWith("saga: warning: the cancel (refused) was not recorded in operator_actions: ").And.Contain(missing));
        Assert.That(File.Exists(missing), Is.False);
    }

    [Test]
    public async Task Retrying_a_compensation_failed_order_is_accepted_with_the_step_it_resumes()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingInventory");
        // The payment's record no longer matches the saga's: the participant refuses the refund (see CompensationFailureTests).
        await using (var payment = _system.Payment())
        {
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", Guid.NewGuid(), order.OrderId);
        }

        Assert.That((await _cli.RunAsync("cancel", order.OrderId.ToString())).ExitCode, Is.EqualTo(ExitCodes.Ok));
        await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        var failed = await _system.WaitForState(order.OrderId, "CompensationFailed");
        // The operator fixes the record, then asks for the retry.
        await using (var payment = _system.Payment())
        {
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", failed.PaymentId!.Value, order.OrderId);
        }

        var retry = await _cli.RunAsync("retry", order.OrderId.ToString(), "--by", "test-operator", "--json");

        Assert.That(retry.ExitCode, Is.EqualTo(ExitCodes.Ok), retry.ToString());
        var json = retry.Json();
        Assert.That(json.GetProperty("outcome").GetString(), Is.EqualTo("accepted"));
        Assert.That(json.GetProperty("step").GetString(), Is.EqualTo("Payment"));
        var saga = await _system.WaitForState(order.OrderId, "Compensated");
        Assert.That(saga.PaymentRefunded, Is.True, "the retried refund went through");
    }
}
