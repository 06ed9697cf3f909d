using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Inventory.Consumers;

public sealed class ReleaseInventoryConsumerDefinition : ParticipantConsumerDefinition<ReleaseInventoryConsumer>
{
    public ReleaseInventoryConsumerDefinition()
        : base(QueueNames.Inventory)
    {
    }
}
