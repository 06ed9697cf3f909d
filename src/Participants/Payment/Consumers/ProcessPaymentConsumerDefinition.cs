using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Payment.Consumers;

public sealed class ProcessPaymentConsumerDefinition : ParticipantConsumerDefinition<ProcessPaymentConsumer>
{
    public ProcessPaymentConsumerDefinition()
        : base(QueueNames.Payment)
    {
    }
}
