using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

public sealed class RefundPaymentConsumerDefinition : ParticipantConsumerDefinition<RefundPaymentConsumer, PaymentDbContext>
{
    public RefundPaymentConsumerDefinition()
        : base(QueueNames.Payment)
    {
    }
}
