using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Support;

/// <summary>How a test wants its <see cref="LedgerTestHost"/>.</summary>
public sealed class LedgerTestHostOptions
{
    /// <summary>Whether the hosted delivery loop runs; off for tests that drive <c>OutboxDelivery</c> themselves.</summary>
    public bool RunDeliveryService { get; set; } = true;

    /// <summary>Whether sends and publishes made outside consumers go through the ledger's bus outbox.</summary>
    public bool UseBusOutbox { get; set; }

    /// <summary>The clock of the outbox and inbox; the system clock unless a test needs to move time.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Applied after the test defaults (a short poll interval and redelivery delay, cleanup left to the test).</summary>
    public Action<TransactionalOutboxOptions<LedgerDbContext>>? Outbox { get; set; }

    /// <summary>
    /// Given, the ledger registers the durable scheduler on its context, as a service does, and points the bus's message
    /// scheduler at its queue; applied after the test default (a short poll interval). Without, there is no scheduler.
    /// </summary>
    public Action<DurableSchedulerOptions<LedgerDbContext>>? Scheduler { get; set; }
}
