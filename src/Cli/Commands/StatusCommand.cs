using System.CommandLine;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Operations.Connection;
using Saga.Operations.Sagas;

namespace Saga.Cli.Commands;

/// <summary><c>saga status ORDER_ID</c>: one order's state, amounts, references, failure and timeline.</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var orderId = CliOptions.OrderId();
        var command = new Command("status", "Show one order: state, amount, payment/reservation/shipment ids, failure, timeline") { orderId };
        command.SetAction(globals, context => RunAsync(context, context.Value(orderId)));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, Guid orderId)
    {
        await using var database = await SagaDatabase.OpenAsync(context.Settings, context.CancellationToken);
        var queries = new SagaQueries(database);
        var saga = await queries.FindAsync(orderId, context.CancellationToken)
                   ?? throw new CliException(ExitCodes.Failed, $"no order {orderId}");
        var history = await queries.HistoryAsync(orderId, context.CancellationToken);
        await context.WriteAsync(new { order = saga, timeline = history }, output => SagaDetails.Write(output, saga, history));
        return ExitCodes.Ok;
    }
}
