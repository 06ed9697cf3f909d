using MassTransit;
using Saga.Persistence.Tests.Ledger.Messages;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// Subscribes to the ledger's events, and receives its scheduled reminders, so that what the outbox delivers reaches a
/// queue and is consumed, deserialized from the stored body; the tests read what arrived from the
/// <see cref="Support.ConsumeLog"/>.
/// </summary>
public sealed class LedgerEventSubscriber : IConsumer<ChargeRecorded>, IConsumer<InstalmentScheduled>, IConsumer<InvoiceReminder>
{
    /// <summary>The subscriber's queue, named so that reminders can be scheduled to it.</summary>
    public const string Queue = "ledger-events";

    public Task Consume(ConsumeContext<ChargeRecorded> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InstalmentScheduled> context) => Task.CompletedTask;

    public Task Consume(ConsumeContext<InvoiceReminder> context) => Task.CompletedTask;
}
