using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

public sealed class CheckFraudConsumerDefinition : ParticipantConsumerDefinition<CheckFraudConsumer, PaymentDbContext>
{
    public CheckFraudConsumerDefinition()
        : base(QueueNames.Payment)
    {
    }
}
