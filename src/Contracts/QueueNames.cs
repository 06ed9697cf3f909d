namespace Saga.Contracts;

/// <summary>
/// Queues that commands are sent to. Participants listen on them and the orchestrator sends to them,
/// so both sides (and clients in other languages) agree on one name per participant.
/// </summary>
public static class QueueNames
{
    public const string Orders = "order-saga";
    public const string Payment = "payment";
    public const string Inventory = "inventory";
    public const string Shipping = "shipping";
}
