using Saga.Contracts;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>Where commands go: each participant's own queue, point to point.</summary>
public static class ParticipantAddresses
{
    public static readonly Uri Payment = new($"queue:{QueueNames.Payment}");
    public static readonly Uri Inventory = new($"queue:{QueueNames.Inventory}");
    public static readonly Uri Shipping = new($"queue:{QueueNames.Shipping}");
}
