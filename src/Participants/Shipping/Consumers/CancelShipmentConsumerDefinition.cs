using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Shipping.Consumers;

public sealed class CancelShipmentConsumerDefinition : ParticipantConsumerDefinition<CancelShipmentConsumer>
{
    public CancelShipmentConsumerDefinition()
        : base(QueueNames.Shipping)
    {
    }
}
