using MassTransit;
using Saga.Contracts;
using Saga.Orchestrator.Tests.Support;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>A payment participant (with its fraud check) that answers from inside its consume, as the real one does, so its replies carry the command's trace.</summary>
public sealed class TracedPayment : IConsumer<ProcessPayment>, IConsumer<RefundPayment>, IConsumer<CheckFraud>
{
    public Task Consume(ConsumeContext<CheckFraud> context) =>
        context.Publish(new FraudCheckPassed(context.Message.OrderId, NewId.NextGuid()));

    public Task Consume(ConsumeContext<ProcessPayment> context) =>
        context.Publish(new PaymentProcessed(context.Message.OrderId, NewId.NextGuid(), Orders.ValidTotal, "EUR"));

    public Task Consume(ConsumeContext<RefundPayment> context) =>
        context.Publish(new PaymentRefunded(context.Message.OrderId, context.Message.PaymentId, Orders.ValidTotal));
}
