using System.Text.Json;
using Saga.Cli;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// <c>saga errors</c> and <c>saga errors move</c> on a system of their own: a malformed SubmitOrder faults into
/// <c>order-saga_error</c>; listing it leaves it there; moving it puts the same message back on <c>order-saga</c>.
/// </summary>
[NonParallelizable]
public sealed class CliErrorQueueTests
{
    const string ErrorQueue = QueueNames.Orders + "_error";

    SagaSystem _system = null!;
    SagaCliRunner _cli = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        _cli = new SagaCliRunner(_system.Settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _cli.Dispose();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task A_faulted_message_is_listed_with_its_exception_without_being_consumed_and_moved_back_to_its_queue()
    {
        var messageId = Guid.NewGuid();
        await using (var publisher = await RawAmqpPublisher.StartAsync(_system.Settings.VirtualHost))
            await publisher.PublishEnvelopeAsync("Saga.Contracts:SubmitOrder", "{ this is not json"u8.ToArray(), messageId);
        await UntilDepths(ErrorQueue, 1, QueueNames.Orders, 0);

        var list = await _cli.RunAsync("errors", "--json");

        Assert.That(list.ExitCode, Is.EqualTo(ExitCodes.Ok), list.ToString());
        var queue = list.Json().GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("errorQueue").GetString() == ErrorQueue);
        var message = queue.GetProperty("messages").EnumerateArray().Single();
        Assert.Multiple(() =>
        {
            Assert.That(queue.GetProperty("messageCount").GetInt64(), Is.EqualTo(1));
            Assert.That(message.GetProperty("messageId").GetString(), Is.EqualTo(messageId.ToString()));
            Assert.That(message.GetProperty("originalQueue").GetString(), Is.EqualTo(QueueNames.Orders));
            Assert.That(message.GetProperty("exceptionType").GetString(), Is.Not.Null.And.Not.Empty);
            Assert.That(message.GetProperty("exceptionMessage").GetString(), Is.Not.Null.And.Not.Empty);
            Assert.That(message.GetProperty("faultedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        });

        var table = await _cli.RunAsync("errors");
        Assert.That(table.Output, Does.Contain($"{ErrorQueue}: 1 message(s)").And.Contain(messageId.ToString())
            .And.Contain(message.GetProperty("exceptionType").GetString()!), table.ToString());
        Assert.That((await _system.QueueDepths()).GetValueOrDefault(ErrorQueue), Is.EqualTo(1), "listing twice consumed nothing");

        // Without the orchestrator, a message moved back stays in its queue to be counted.
        await _system.StopOrchestratorAsync();
        var unknown = await _cli.RunAsync("errors", "move", QueueNames.Orders, "--message-id", Guid.NewGuid().ToString());
        Assert.That(unknown.ExitCode, Is.EqualTo(ExitCodes.Failed), unknown.ToString());
        await UntilDepths(ErrorQueue, 1, QueueNames.Orders, 0);

        var move = await _cli.RunAsync("errors", "move", QueueNames.Orders, "--message-id", messageId.ToString());
        Assert.That(move.ExitCode, Is.EqualTo(ExitCodes.Ok), move.ToString());
        Assert.That(move.Output, Does.Contain($"moved 1 message(s) out of {ErrorQueue}"));
        await UntilDepths(ErrorQueue, 0, QueueNames.Orders, 1);

        // The orchestrator consumes the moved message and it faults again, as it is still malformed: it was moved intact.
        await _system.StartOrchestratorAsync();
        await UntilDepths(ErrorQueue, 1, QueueNames.Orders, 0);
        await _system.StopOrchestratorAsync();

        var moveAll = await _cli.RunAsync("errors", "move", ErrorQueue, "--all", "--json");
        Assert.That(moveAll.ExitCode, Is.EqualTo(ExitCodes.Ok), moveAll.ToString());
        Assert.That(moveAll.Json().GetProperty("moved").EnumerateArray().Single().GetProperty("messageId").GetString(), Is.EqualTo(messageId.ToString()));
        await UntilDepths(ErrorQueue, 0, QueueNames.Orders, 1);
    }

    Task UntilDepths(string queue, long depth, string otherQueue, long otherDepth) =>
        Poll.UntilAsync(async () =>
        {
            var depths = await _system.QueueDepths();
            return depths.GetValueOrDefault(queue) == depth && depths.GetValueOrDefault(otherQueue) == otherDepth;
        }, $"{queue} holds {depth} and {otherQueue} {otherDepth} messages");
}
