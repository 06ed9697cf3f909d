using MassTransit;
using Saga.Contracts;
using Saga.Operations.Connection;

namespace Saga.Operations.Actions;

/// <summary>
/// The two requests an operator sends the orchestrator, through <see cref="OperatorBus"/>, and their answers. No answer
/// within the timeout is an <see cref="OperationException"/> of kind <see cref="OperationFailure.Timeout"/>.
/// </summary>
public static class OrderRequests
{
    /// <summary>How long an operator waits for the orchestrator unless told otherwise.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary><see cref="CancelOrder"/>: the orchestrator cancels an order in flight and compensates, or refuses.</summary>
    public static async Task<OrderAnswer> CancelAsync(OperatorBus bus, Guid orderId, string reason, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var response = await bus.RequestAsync<CancelOrder, OrderCancellationAccepted, OrderCancellationRefused>(
            new CancelOrder(orderId, reason), timeout, cancellationToken);
        return response.Is(out Response<OrderCancellationRefused>? refused)
            ? new OrderAnswer(Accepted: false, Reason: refused!.Message.Reason)
            : new OrderAnswer(Accepted: true);
    }

    /// <summary><see cref="RetryCompensation"/>: the orchestrator compensates a CompensationFailed order again, or refuses.</summary>
    public static async Task<OrderAnswer> RetryCompensationAsync(OperatorBus bus, Guid orderId, string requestedBy, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        Response<CompensationRetryAccepted, CompensationRetryRefused> response;
        try
        {
            response = await bus.RequestAsync<RetryCompensation, CompensationRetryAccepted, CompensationRetryRefused>(
                new RetryCompensation(orderId, requestedBy), timeout, cancellationToken);
        }
        catch (OperationException e) when (e.Kind == OperationFailure.Timeout)
        {
            // An orchestrator older than RetryCompensation does not answer: MassTransit sets the request aside instead.
            throw new OperationException(OperationFailure.Timeout,
                $"{e.Message}; an orchestrator without retry support leaves the request in {QueueNames.Orders}_skipped", e);
        }

        return response.Is(out Response<CompensationRetryAccepted>? accepted)
            ? new OrderAnswer(Accepted: true, Step: accepted!.Message.Step)
            : new OrderAnswer(Accepted: false, Reason: ((CompensationRetryRefused)response.Message).Reason);
    }
}
