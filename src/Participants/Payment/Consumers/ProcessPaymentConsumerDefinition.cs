using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

public sealed class ProcessPaymentConsumerDefinition : ParticipantConsumerDefinition<ProcessPaymentConsumer, PaymentDbContext>
{
    public ProcessPaymentConsumerDefinition()
        : base(QueueNames.Payment)
    {
    }
}
