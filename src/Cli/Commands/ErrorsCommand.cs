using System.CommandLine;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;

namespace Saga.Cli.Commands;

/// <summary>
/// <c>saga errors</c>: the messages waiting in the services' <c>_error</c> queues (and any other queue's, with <c>--queue</c>),
/// read without consuming them; <c>saga errors move</c> puts them back.
/// </summary>
public static class ErrorsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var queues = new Option<string[]>("--queue")
        {
            Description = "Also look at this queue's error queue (repeat for several); the services' queues are always included",
            HelpName = "QUEUE",
            DefaultValueFactory = _ => [],
        };
        var limit = CliOptions.Number("--limit", "Messages shown per error queue", 100, 1, 10_000);
        var details = new Option<bool>("--stack-trace") { Description = "Show each exception's stack trace" };
        var command = new Command("errors", "List the messages in the _error queues with their exceptions (nothing is consumed)")
        {
            queues, limit, details,
        };
        command.Add(ErrorsMoveCommand.Create(globals));
        command.SetAction(globals, context => RunAsync(context, context.Value(queues) ?? [], context.Value(limit), context.Value(details)));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, string[] extraQueues, int limit, bool stackTraces)
    {
        var errorQueues = ErrorQueueNames.ServiceQueues.Concat(extraQueues).Select(ErrorQueueNames.ErrorQueue).Distinct(StringComparer.Ordinal).ToList();
        await using var connection = await Broker.ConnectAsync(context.Settings, context.CancellationToken);
        var summaries = new List<ErrorQueueSummary>();
        foreach (var queue in errorQueues)
            summaries.Add(await ErrorQueueBrowser.BrowseAsync(connection, queue, limit, context.CancellationToken));

        await context.WriteAsync(new { queues = summaries }, output => Write(output, summaries, stackTraces));
        return ExitCodes.Ok;
    }

    static void Write(TextWriter output, List<ErrorQueueSummary> summaries, bool stackTraces)
    {
        foreach (var summary in summaries)
        {
            var shown = summary.Messages.Count < summary.MessageCount ? $" (first {summary.Messages.Count} shown)" : "";
            output.WriteLine(summary.Exists ? $"{summary.ErrorQueue}: {summary.MessageCount} message(s){shown}" : $"{summary.ErrorQueue}: no such queue");
        }

        var messages = summaries.SelectMany(s => s.Messages).ToList();
        if (messages.Count == 0)
            return;

        output.WriteLine();
        var table = new Table(new Column("queue"), new Column("message id"), new Column("type"), new Column("failed (UTC)"), new Column("exception"));
        foreach (var message in messages)
        {
            table.Add(message.OriginalQueue, message.MessageId, ShortType(message.MessageType),
                message.FaultedAt is { } at ? Formats.Time(at.UtcDateTime) : "", Formats.Shorten($"{message.ExceptionType}: {message.ExceptionMessage}", 120));
        }

        table.Write(output);
        if (!stackTraces)
            return;
        foreach (var message in messages.Where(m => m.StackTrace is not null))
        {
            output.WriteLine();
            output.WriteLine($"{message.MessageId} ({message.ErrorQueue}):");
            output.WriteLine(message.StackTrace);
        }
    }

    static string? ShortType(string? messageType) => messageType?.Replace("urn:message:", "", StringComparison.Ordinal);
}
