using Microsoft.Extensions.Logging.Abstractions;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations.Actions;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;

namespace Saga.Integration.Tests.EndToEnd.Actions;

/// <summary>
/// <see cref="OperatorActions.MoveErrorsAsync"/> with a set of message ids, as the console moves one group of faults: three
/// malformed SubmitOrders fault into <c>order-saga_error</c>; moving two of them leaves the third where it is.
/// </summary>
[NonParallelizable]
public sealed class OperatorMoveErrorsTests
{
    const string ErrorQueue = QueueNames.Orders + "_error";

    SagaSystem _system = null!;

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task Start() => _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);

    [OneTimeTearDown]
    public async Task Stop() => await _system.DisposeAsync();

    [Test]
    public async Task Moving_a_set_of_message_ids_moves_only_those_and_records_the_move()
    {
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        await using (var publisher = await RawAmqpPublisher.StartAsync(_system.Settings.VirtualHost))
        {
            foreach (var id in ids)
                await publisher.PublishEnvelopeAsync("Saga.Contracts:SubmitOrder", "{ this is not json"u8.ToArray(), id);
        }

        await UntilDepths(errors: 3, orders: 0);
        // Without the orchestrator, the moved messages stay in their queue to be counted.
        await _system.StopOrchestratorAsync();
        var settings = OperatorSystemSettings.For(_system);
        var actions = new OperatorActions(settings, TimeProvider.System, NullLogger<OperatorActions>.Instance);

        var outcome = await actions.MoveErrorsAsync(ErrorQueue, [ids[0].ToString(), ids[2].ToString()], "dave", Cancellation);

        Assert.That(outcome.Accepted, Is.True, outcome.Summary);
        Assert.That(outcome.Summary, Does.StartWith($"moved 2 message(s) out of {ErrorQueue}").And.Contain(ids[0].ToString()).And.Contain(ids[2].ToString()));
        await UntilDepths(errors: 1, orders: 2);
        await using (var connection = await Broker.ConnectAsync(settings, Cancellation))
        {
            var left = await ErrorQueueBrowser.BrowseAsync(connection, ErrorQueue, 10, Cancellation);
            Assert.That(left.Messages.Select(m => m.MessageId), Is.EqualTo(new[] { ids[1].ToString() }), "the one not asked for stays");
        }

        var record = (await new OperatorActionLog(settings, TimeProvider.System).RecentAsync(10, Cancellation))
            .First(r => r.Action == ActionNames.MoveErrors);
        Assert.Multiple(() =>
        {
            Assert.That(record.Operator, Is.EqualTo("dave"));
            Assert.That(record.Target, Is.EqualTo(ErrorQueue));
            Assert.That(record.Outcome, Is.EqualTo(ActionOutcomes.Accepted));
            Assert.That(record.Detail, Does.Contain(ids[0].ToString()).And.Contain(ids[2].ToString()).And.Not.Contain(ids[1].ToString()));
        });

        // Asking again for one already moved and one not there: nothing to move, recorded as failed.
        var again = await actions.MoveErrorsAsync(QueueNames.Orders, [ids[0].ToString(), Guid.NewGuid().ToString()], "dave", Cancellation);
        Assert.That(again.Accepted, Is.False);
        Assert.That(again.Outcome, Is.EqualTo(ActionOutcomes.Failed));
        Assert.That(again.Summary, Does.Contain($"none of the 2 messages asked for is in {ErrorQueue}"));
        await UntilDepths(errors: 1, orders: 2);
    }

    Task UntilDepths(long errors, long orders) =>
        Poll.UntilAsync(async () =>
        {
            var depths = await _system.QueueDepths();
            return depths.GetValueOrDefault(ErrorQueue) == errors && depths.GetValueOrDefault(QueueNames.Orders) == orders;
        }, $"{ErrorQueue} holds {errors} and {QueueNames.Orders} {orders} messages");
}
