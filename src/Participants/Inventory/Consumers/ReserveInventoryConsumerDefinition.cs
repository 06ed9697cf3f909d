using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Inventory.Data;

namespace Saga.Participants.Inventory.Consumers;

public sealed class ReserveInventoryConsumerDefinition : ParticipantConsumerDefinition<ReserveInventoryConsumer, InventoryDbContext>
{
    public ReserveInventoryConsumerDefinition()
        : base(QueueNames.Inventory)
    {
    }
}
