using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Consumers;

public sealed class CancelShipmentConsumerDefinition : ParticipantConsumerDefinition<CancelShipmentConsumer, ShippingDbContext>
{
    public CancelShipmentConsumerDefinition()
        : base(QueueNames.Shipping)
    {
    }
}
