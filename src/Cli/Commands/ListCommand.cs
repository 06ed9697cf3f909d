using System.CommandLine;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Operations.Connection;
using Saga.Operations.Sagas;

namespace Saga.Cli.Commands;

/// <summary><c>saga list</c>: orders newest first, filtered by state and age, a page at a time.</summary>
public static class ListCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var states = new Option<string[]>("--state")
        {
            Description = "Only orders in this state (repeat for several), e.g. AwaitingPayment, Completed, CompensationFailed",
            HelpName = "STATE",
            DefaultValueFactory = _ => [],
        };
        var olderThan = CliOptions.Duration("--older-than", "Only orders created at least this long ago (10m, 2h, 1d)");
        var newerThan = CliOptions.Duration("--newer-than", "Only orders created at most this long ago");
        var page = CliOptions.Number("--page", "Page number, from 1", 1, 1, int.MaxValue / 1000);
        var pageSize = CliOptions.Number("--page-size", "Orders per page", 50, 1, 1000);
        var command = new Command("list", "List orders, newest first") { states, olderThan, newerThan, page, pageSize };
        command.SetAction(globals, context => RunAsync(context, new SagaListQuery(context.Value(states) ?? [], context.Value(olderThan),
            context.Value(newerThan), context.Value(page), context.Value(pageSize))));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, SagaListQuery query)
    {
        await using var database = await SagaDatabase.OpenAsync(context.Settings, context.CancellationToken);
        var result = await new SagaQueries(database).ListAsync(query, DateTime.UtcNow, context.CancellationToken);
        await context.WriteAsync(result, output => Write(output, result));
        return ExitCodes.Ok;
    }

    static void Write(TextWriter output, SagaPage page)
    {
        var table = new Table(new Column("order"), new Column("state"), new Column("step"), new Column("flow", AlignRight: true), new Column("customer"),
            new Column("amount", AlignRight: true), new Column("created (UTC)"), new Column("age", AlignRight: true),
            new Column("idle", AlignRight: true), new Column("reason"));
        foreach (var saga in page.Orders)
        {
            table.Add(saga.OrderId.ToString(), saga.State, saga.CurrentStep, Formats.Count(saga.DefinitionVersion), saga.CustomerId, Formats.Amount(saga.Amount, saga.Currency),
                Formats.Time(saga.CreatedAt), Formats.Duration(saga.AgeSeconds), Formats.Duration(saga.IdleSeconds), saga.FailureReason);
        }

        table.Write(output);
        var first = (long)(page.Page - 1) * page.PageSize + 1;
        output.WriteLine(page.Orders.Count == 0
            ? $"no orders on page {page.Page} ({page.Total} match)"
            : $"orders {first}-{first + page.Orders.Count - 1} of {page.Total} (page {page.Page}, {page.PageSize} per page)");
    }
}
