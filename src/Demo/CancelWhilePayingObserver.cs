using MassTransit;
using Saga.Contracts;

namespace Saga.Demo;

/// <summary>
/// Plays a customer who cancels while the payment is being taken: before the payment participant handles the chosen
/// order's <see cref="ProcessPayment"/>, the cancellation is sent and its answer awaited. The payment then still
/// succeeds, arrives late at a cancelled saga, and is refunded. Doing it here makes the demo show that race every time.
/// </summary>
public sealed class CancelWhilePayingObserver(IReadOnlySet<Guid> orderIds, IBus bus) : IConsumeMessageObserver<ProcessPayment>
{
    public async Task PreConsume(ConsumeContext<ProcessPayment> context)
    {
        if (!orderIds.Contains(context.Message.OrderId))
            return;

        var client = bus.CreateRequestClient<CancelOrder>(new Uri($"queue:{QueueNames.Orders}"));
        await client.GetResponse<OrderCancellationAccepted, OrderCancellationRefused>(
            new CancelOrder(context.Message.OrderId, "customer cancelled while paying"), context.CancellationToken);
    }

    public Task PostConsume(ConsumeContext<ProcessPayment> context) => Task.CompletedTask;

    public Task ConsumeFault(ConsumeContext<ProcessPayment> context, Exception exception) => Task.CompletedTask;
}
