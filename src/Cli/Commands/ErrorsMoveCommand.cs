using System.CommandLine;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Operations.Actions;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;

namespace Saga.Cli.Commands;

/// <summary><c>saga errors move QUEUE --message-id ID | --all</c>: moves faulted messages back to the queue they failed on.</summary>
public static class ErrorsMoveCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var queue = new Argument<string>("queue") { Description = "The queue (e.g. order-saga) or its error queue (order-saga_error)" };
        var messageId = new Option<string?>("--message-id") { Description = "Move only this message", HelpName = "ID" };
        var all = new Option<bool>("--all") { Description = "Move every message that is in the error queue now" };
        var by = CliOptions.By("Who moves them (recorded in operator_actions); defaults to the OS user");
        var command = new Command("move", "Move messages from an error queue back to the queue they failed on (publish confirmed, then ack)")
        {
            queue, messageId, all, by,
        };
        command.Validators.Add(result =>
        {
            var byId = result.GetResult(messageId) is not null;
            var every = result.GetResult(all) is { Implicit: false } && result.GetValue(all);
            if (byId == every)
                result.AddError("give either --message-id ID or --all");
        });
        command.SetAction(globals, context => RunAsync(context, context.Value(queue)!, context.Value(messageId), context.Value(by)!));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, string queue, string? messageId, string by)
    {
        var errorQueue = ErrorQueueNames.ErrorQueue(queue);
        await using var connection = await Broker.ConnectAsync(context.Settings, context.CancellationToken);
        var moved = await ActionRecorder.RunAsync(context, by, ActionNames.MoveErrors, errorQueue,
            () => ErrorQueueMover.MoveAsync(connection, errorQueue, messageId, context.CancellationToken),
            moved => (ActionOutcomes.Accepted,
                $"moved {moved.Count} message(s) out of {errorQueue}{(moved.Count == 0 ? "" : ": " + string.Join(", ", moved.Select(m => m.MessageId)))}"));
        await context.WriteAsync(new { errorQueue, moved }, output =>
        {
            output.WriteLine($"moved {moved.Count} message(s) out of {errorQueue}");
            if (moved.Count == 0)
                return;
            var table = new Table(new Column("message id"), new Column("to queue"), new Column("exception"));
            foreach (var message in moved)
                table.Add(message.MessageId, message.OriginalQueue, message.ExceptionType);
            table.Write(output);
        });
        return ExitCodes.Ok;
    }
}
