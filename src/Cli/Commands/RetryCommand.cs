using System.CommandLine;
using Saga.Cli.Parsing;
using Saga.Contracts;
using Saga.Operations;
using Saga.Operations.Connection;

namespace Saga.Cli.Commands;

/// <summary><c>saga retry ORDER_ID</c>: asks the orchestrator to try a CompensationFailed order's compensation again.</summary>
public static class RetryCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var orderId = CliOptions.OrderId();
        var by = new Option<string>("--by")
        {
            Description = "Who asks (recorded with the retry); defaults to the OS user",
            DefaultValueFactory = _ => Environment.UserName,
        };
        var timeout = CliOptions.Duration("--timeout", "How long to wait for the orchestrator's answer", TimeSpan.FromSeconds(30));
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
        MassTransit.Response<CompensationRetryAccepted, CompensationRetryRefused> response;
        try
        {
            response = await bus.RequestAsync<RetryCompensation, CompensationRetryAccepted, CompensationRetryRefused>(
                new RetryCompensation(orderId, requestedBy), timeout, context.CancellationToken);
        }
        catch (OperationException e) when (e.Kind == OperationFailure.Timeout)
        {
            // An orchestrator older than RetryCompensation does not answer: MassTransit sets the request aside instead.
            throw new OperationException(OperationFailure.Timeout, $"{e.Message}; an orchestrator without retry support leaves the request in {QueueNames.Orders}_skipped", e);
        }

        var outcome = response.Is(out MassTransit.Response<CompensationRetryAccepted>? accepted)
            ? new RequestOutcome(orderId, Accepted: true, Step: accepted!.Message.Step)
            : new RequestOutcome(orderId, Accepted: false, Reason: ((CompensationRetryRefused)response.Message).Reason);
        await context.WriteAsync(outcome, output => outcome.Write(output, $"order {orderId} is compensating again, from step {outcome.Step}"));
        return outcome.ExitCode;
    }
}
