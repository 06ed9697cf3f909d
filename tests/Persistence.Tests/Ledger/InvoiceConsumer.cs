using MassTransit;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// Issues invoices with a reminder scheduled through the consume context, as a saga schedules a deadline, and postpones
/// or cancels that reminder by its token. Due times come from the ledger's clock, so a test passes them by moving it.
/// Tests can make the issue crash after it has charged, published and scheduled.
/// </summary>
public sealed class InvoiceConsumer(LedgerDbContext db, CrashPlan crashes, TimeProvider clock) :
    IConsumer<IssueInvoice>, IConsumer<PostponeInvoiceReminder>, IConsumer<SettleInvoice>
{
    /// <summary>Where reminders are sent: the <see cref="LedgerEventSubscriber"/>'s queue.</summary>
    public static readonly Uri ReminderAddress = new($"queue:{LedgerEventSubscriber.Queue}");

    public async Task Consume(ConsumeContext<IssueInvoice> context)
    {
        var message = context.Message;
        var charge = new Charge { Id = NewId.NextGuid(), AccountId = message.AccountId, Amount = message.Amount, Reference = message.Reference };
        db.Charges.Add(charge);
        await context.Publish(new ChargeRecorded(charge.Id, charge.AccountId, charge.Amount, charge.Reference));

        await ScheduleReminder(context, message.Reference, message.ReminderToken, message.RemindAfter);
        if (message.PaidOnIssue)
            await CancelReminder(context, message.ReminderToken);

        crashes.CrashIfArmed(CrashPoint.InConsumer);

        await db.SaveChangesAsync(context.CancellationToken);
    }

    public Task Consume(ConsumeContext<PostponeInvoiceReminder> context) =>
        ScheduleReminder(context, context.Message.Reference, context.Message.ReminderToken, context.Message.RemindAfter);

    public Task Consume(ConsumeContext<SettleInvoice> context) => CancelReminder(context, context.Message.ReminderToken);

    async Task ScheduleReminder(ConsumeContext context, string reference, Guid token, TimeSpan remindAfter)
    {
        var dueAt = clock.GetUtcNow().UtcDateTime + remindAfter;
        // The token is the schedule's identity: the same token again replaces the schedule, and cancels find it by it.
        // Without one (an empty token) the scheduler makes up a new one, as it does for a saga's first deadline.
        var reminder = new InvoiceReminder(reference, dueAt);
        if (token == Guid.Empty)
            await context.ScheduleSend(ReminderAddress, dueAt, reminder, context.CancellationToken);
        else
            await context.ScheduleSend(ReminderAddress, dueAt, reminder, Pipe.Execute<SendContext<InvoiceReminder>>(send => send.ScheduledMessageId = token),
                context.CancellationToken);
    }

    static Task CancelReminder(ConsumeContext context, Guid token) =>
        context.GetPayload<MessageSchedulerContext>().CancelScheduledSend(ReminderAddress, token, context.CancellationToken);
}
