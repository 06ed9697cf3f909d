namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>Where commands go: each participant's own queue (<see cref="OrderStepDescription.Queue"/>), point to point.</summary>
public sealed class ParticipantAddresses
{
    readonly Func<string, Uri> _address;

    ParticipantAddresses(Func<string, Uri> address)
    {
        _address = address;
    }

    /// <summary>
    /// Send to the participants' queues, declaring them (as classic queues) if they do not exist yet, so that nothing sent
    /// before a participant first started is lost. The default.
    /// </summary>
    public static ParticipantAddresses Queues { get; } = new(queue => new Uri($"queue:{queue}"));

    /// <summary>
    /// Send to the exchanges in front of the participants' queues without declaring the queues. Needed with quorum
    /// queues: MassTransit 8.5 declares a queue it sends to as a classic queue, which RabbitMQ refuses for an existing
    /// quorum queue. The orchestrator service declares the quorum queues and their bindings itself before its bus
    /// connects (<c>AddProvisionedQueues</c>), so a participant need not have started before the first order.
    /// </summary>
    public static ParticipantAddresses Exchanges { get; } = new(queue => new Uri($"exchange:{queue}"));

    /// <summary>Every step's commands to one address, such as a test's relay that plays all participants.</summary>
    public static ParticipantAddresses All(Uri address) => new(_ => address);

    public Uri For(OrderStep step) => _address(OrderSteps.Of(step).Queue);
}
