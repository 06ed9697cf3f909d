using System.CommandLine;
using Saga.Cli.Parsing;
using Saga.Operations.Actions;
using Saga.Operations.Connection;

namespace Saga.Cli.Commands;

/// <summary><c>saga cancel ORDER_ID</c>: asks the orchestrator to cancel an order in flight and prints its answer.</summary>
public static class CancelCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var orderId = CliOptions.OrderId();
        var reason = new Option<string>("--reason")
        {
            Description = "Why (recorded as the order's failure reason, 'cancelled: REASON')",
            DefaultValueFactory = _ => "cancelled by an operator",
        };
        var by = CliOptions.By("Who cancels (recorded in operator_actions); defaults to the OS user");
        var timeout = CliOptions.Duration("--timeout", "How long to wait for the orchestrator's answer", OrderRequests.DefaultTimeout);
        var command = new Command("cancel", "Cancel an order in flight (request/response CancelOrder)") { orderId, reason, by, timeout };
        command.SetAction(globals, context =>
            RunAsync(context, context.Value(orderId), context.Value(reason)!, context.Value(by)!, context.Value(timeout)!.Value));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, Guid orderId, string reason, string by, TimeSpan timeout)
    {
        await using var bus = await OperatorBus.StartAsync(context.Settings, context.CancellationToken);
        var acceptedText = $"order {orderId} is being cancelled and compensated";
        var answer = await ActionRecorder.RunAsync(context, by, ActionNames.Cancel, orderId.ToString(),
            () => OrderRequests.CancelAsync(bus, orderId, reason, timeout, context.CancellationToken),
            reply => reply.Accepted ? (ActionOutcomes.Accepted, acceptedText) : (ActionOutcomes.Refused, reply.Reason));
        var outcome = new RequestOutcome(orderId, answer.Accepted, answer.Reason);
        await context.WriteAsync(outcome, output => outcome.Write(output, acceptedText));
        return outcome.ExitCode;
    }
}
