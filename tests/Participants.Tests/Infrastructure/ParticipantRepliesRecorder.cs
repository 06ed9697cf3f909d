using MassTransit;
using Saga.Contracts;

namespace Saga.Participants.Tests.Infrastructure;

/// <summary>
/// Subscribes to every reply the participants publish, so the harness records them as consumed messages with their types.
/// Needed because replies leave through the transactional outbox, which re-sends them as already serialized bodies:
/// the harness's sent and published lists cannot tell their types.
/// </summary>
public sealed class ParticipantRepliesRecorder :
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
    IConsumer<ShipmentCancelled>
{
    public Task Consume(ConsumeContext<PaymentProcessed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<PaymentDeclined> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<PaymentRefunded> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<FraudCheckPassed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<FraudCheckFailed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InventoryReserved> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InventoryReservationFailed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InventoryReleased> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ShipmentScheduled> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ShipmentSchedulingFailed> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<ShipmentCancelled> context) => Task.CompletedTask;
}
