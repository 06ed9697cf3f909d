using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Inventory.Consumers;

public sealed class ReserveInventoryConsumerDefinition : ParticipantConsumerDefinition<ReserveInventoryConsumer>
{
    public ReserveInventoryConsumerDefinition()
        : base(QueueNames.Inventory)
    {
    }
}
