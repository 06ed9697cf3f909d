using MassTransit;
using Saga.Persistence.Tests.Ledger.Messages;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>Publishes one <see cref="InstalmentScheduled"/> per instalment, numbered in publishing order.</summary>
public sealed class ScheduleInstalmentsConsumer : IConsumer<ScheduleInstalments>
{
    public async Task Consume(ConsumeContext<ScheduleInstalments> context)
    {
        for (var number = 1; number <= context.Message.Count; number++)
            await context.Publish(new InstalmentScheduled(context.Message.AccountId, number));
    }
}
