using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Inventory.Data;

namespace Saga.Participants.Inventory.Consumers;

public sealed class ReleaseInventoryConsumerDefinition : ParticipantConsumerDefinition<ReleaseInventoryConsumer, InventoryDbContext>
{
    public ReleaseInventoryConsumerDefinition()
        : base(QueueNames.Inventory)
    {
    }
}
