using Saga.Contracts;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>Where commands go: each participant's own queue, point to point.</summary>
public sealed record ParticipantAddresses(Uri Payment, Uri Inventory, Uri Shipping)
{
    /// <summary>
    /// Send to the participants' queues, declaring them (as classic queues) if they do not exist yet, so that nothing sent
    /// before a participant first started is lost. The default.
    /// </summary>
    public static ParticipantAddresses Queues { get; } = new(
        new Uri($"queue:{QueueNames.Payment}"), new Uri($"queue:{QueueNames.Inventory}"), new Uri($"queue:{QueueNames.Shipping}"));

    /// <summary>
    /// Send to the exchanges in front of the participants' queues without declaring the queues. Needed with quorum
    /// queues: MassTransit 8.5 declares a queue it sends to as a classic queue, which RabbitMQ refuses for an existing
    /// quorum queue. The participants' queues must then exist before orders arrive (start the participants first, or
    /// provision the queues).
    /// </summary>
    public static ParticipantAddresses Exchanges { get; } = new(
        new Uri($"exchange:{QueueNames.Payment}"), new Uri($"exchange:{QueueNames.Inventory}"), new Uri($"exchange:{QueueNames.Shipping}"));
}
