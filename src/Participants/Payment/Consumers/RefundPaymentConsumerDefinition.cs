using Saga.Contracts;
using Saga.Participants.Messaging;

namespace Saga.Participants.Payment.Consumers;

public sealed class RefundPaymentConsumerDefinition : ParticipantConsumerDefinition<RefundPaymentConsumer>
{
    public RefundPaymentConsumerDefinition()
        : base(QueueNames.Payment)
    {
    }
}
