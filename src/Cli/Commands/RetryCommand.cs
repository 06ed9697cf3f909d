using System.CommandLine;
using Saga.Cli.Parsing;
using Saga.Operations.Actions;
using Saga.Operations.Connection;

namespace Saga.Cli.Commands;

/// <summary><c>saga retry ORDER_ID</c>: asks the orchestrator to try a CompensationFailed order's compensation again.</summary>
public static class RetryCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var orderId = CliOptions.OrderId();
        var by = CliOptions.By("Who asks (recorded with the retry and in operator_actions); defaults to the OS user");
        var timeout = CliOptions.Duration("--timeout", "How long to wait for the orchestrator's answer", OrderRequests.DefaultTimeout);
        var command = new Command("retry", "Retry the compensation of a CompensationFailed order (request/response RetryCompensation)")
        {
            orderId, by, timeout,
        };
        command.SetAction(globals, context => RunAsync(context, context.Value(orderId), context.Value(by)!, context.Value(timeout)!.Value));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, Guid orderId, string requestedBy, TimeSpan timeout)
    {
        await using var bus = await OperatorBus.StartAsync(context.Settings, context.CancellationToken);
        var answer = await ActionRecorder.RunAsync(context, requestedBy, ActionNames.RetryCompensation, orderId.ToString(),
            () => OrderRequests.RetryCompensationAsync(bus, orderId, requestedBy, timeout, context.CancellationToken),
            reply => reply.Accepted
                ? (ActionOutcomes.Accepted, $"order {orderId} is compensating again, from step {reply.Step}")
                : (ActionOutcomes.Refused, reply.Reason));
        var outcome = new RequestOutcome(orderId, answer.Accepted, answer.Reason, answer.Step);
        await context.WriteAsync(outcome, output => outcome.Write(output, $"order {orderId} is compensating again, from step {outcome.Step}"));
        return outcome.ExitCode;
    }
}
