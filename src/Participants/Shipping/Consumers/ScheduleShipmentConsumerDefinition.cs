using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Shipping.Consumers;

public sealed class ScheduleShipmentConsumerDefinition : ParticipantConsumerDefinition<ScheduleShipmentConsumer>
{
    public ScheduleShipmentConsumerDefinition()
        : base(QueueNames.Shipping)
    {
    }
}
