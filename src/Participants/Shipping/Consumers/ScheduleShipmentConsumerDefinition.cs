using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Shipping.Data;

namespace Saga.Participants.Shipping.Consumers;

public sealed class ScheduleShipmentConsumerDefinition : ParticipantConsumerDefinition<ScheduleShipmentConsumer, ShippingDbContext>
{
    public ScheduleShipmentConsumerDefinition()
        : base(QueueNames.Shipping)
    {
    }
}
