using System.CommandLine;
using Saga.Cli.Parsing;
using Saga.Contracts;
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
        var timeout = CliOptions.Duration("--timeout", "How long to wait for the orchestrator's answer", TimeSpan.FromSeconds(30));
        var command = new Command("cancel", "Cancel an order in flight (request/response CancelOrder)") { orderId, reason, timeout };
        command.SetAction(globals, context => RunAsync(context, context.Value(orderId), context.Value(reason)!, context.Value(timeout)!.Value));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, Guid orderId, string reason, TimeSpan timeout)
    {
        await using var bus = await OperatorBus.StartAsync(context.Settings, context.CancellationToken);
        var response = await bus.RequestAsync<CancelOrder, OrderCancellationAccepted, OrderCancellationRefused>(
            new CancelOrder(orderId, reason), timeout, context.CancellationToken);
        var outcome = response.Is(out MassTransit.Response<OrderCancellationRefused>? refused)
            ? new RequestOutcome(orderId, Accepted: false, Reason: refused!.Message.Reason)
            : new RequestOutcome(orderId, Accepted: true);
        await context.WriteAsync(outcome, output => outcome.Write(output, $"order {orderId} is being cancelled and compensated"));
        return outcome.ExitCode;
    }
}
