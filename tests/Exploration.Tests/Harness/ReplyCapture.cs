using MassTransit;
using Saga.Contracts;

namespace Saga.Exploration.Tests.Harness;

/// <summary>On the participants' bus, in place of the saga: takes every reply and every fault of a command and hands it to the relay.</summary>
public sealed class ReplyCapture(Relay relay) :
    IConsumer<PaymentProcessed>,
    IConsumer<PaymentDeclined>,
    IConsumer<PaymentRefunded>,
    IConsumer<FraudCheckPassed>,
    IConsumer<FraudCheckFailed>,
    IConsumer<InventoryReserved>,
    IConsumer<InventoryReservationFailed>,
    IConsumer<InventoryReleased>,
    IConsumer<ShipmentScheduled>,
    IConsumer<ShipmentSchedulingFailed>,
    IConsumer<ShipmentCancelled>,
    IConsumer<Fault<ProcessPayment>>,
    IConsumer<Fault<RefundPayment>>,
    IConsumer<Fault<CheckFraud>>,
    IConsumer<Fault<ReserveInventory>>,
    IConsumer<Fault<ReleaseInventory>>,
    IConsumer<Fault<ScheduleShipment>>,
    IConsumer<Fault<CancelShipment>>
{
    public Task Consume(ConsumeContext<PaymentProcessed> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<PaymentDeclined> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<PaymentRefunded> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<FraudCheckPassed> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<FraudCheckFailed> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<InventoryReserved> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<InventoryReservationFailed> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<InventoryReleased> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ShipmentScheduled> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ShipmentSchedulingFailed> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ShipmentCancelled> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<ProcessPayment>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<RefundPayment>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<CheckFraud>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<ReserveInventory>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<ReleaseInventory>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<ScheduleShipment>> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<Fault<CancelShipment>> context) => Hold(context.Message);

    Task Hold(object reply)
    {
        relay.Capture(reply, toSaga: true);
        return Task.CompletedTask;
    }
}
