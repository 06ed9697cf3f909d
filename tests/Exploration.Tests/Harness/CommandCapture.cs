using MassTransit;
using Saga.Contracts;

namespace Saga.Exploration.Tests.Harness;

/// <summary>On the saga's bus, in place of the participants: takes every command the saga sends and hands it to the relay.</summary>
public sealed class CommandCapture(Relay relay) :
    IConsumer<ProcessPayment>,
    IConsumer<RefundPayment>,
    IConsumer<CheckFraud>,
    IConsumer<ReserveInventory>,
    IConsumer<ReleaseInventory>,
    IConsumer<ScheduleShipment>,
    IConsumer<CancelShipment>
{
    /// <summary>The one queue the saga's participant addresses all point at.</summary>
    public const string Queue = "exploration-relay";

    public Task Consume(ConsumeContext<ProcessPayment> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<RefundPayment> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<CheckFraud> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ReserveInventory> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ReleaseInventory> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<ScheduleShipment> context) => Hold(context.Message);

    public Task Consume(ConsumeContext<CancelShipment> context) => Hold(context.Message);

    Task Hold(object command)
    {
        relay.Capture(command, toSaga: false);
        return Task.CompletedTask;
    }
}
