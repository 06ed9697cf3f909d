using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>How one context's outbox and inbox deliver and clean up.</summary>
public sealed class TransactionalOutboxOptions<TDbContext>
    where TDbContext : DbContext
{
    /// <summary>
    /// Whether endpoints that take the configured outbox (<see cref="ConfiguredOutboxExtensions"/>) go through this inbox and
    /// outbox. Off, they use MassTransit's in-memory outbox: messages still leave only after the consumer finished, but a
    /// crash loses them and a redelivery runs again. A benchmark baseline only; not for production. Delivery and cleanup keep
    /// running either way, for whatever else writes to this outbox (the durable scheduler).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the instance that consumed a message sends what the consumer stored right after the commit, before it
    /// acknowledges the message, as MassTransit's own outbox does. That takes no delivery pass (no locking read, no second
    /// read of the messages), only a statement that records the delivery. Off, every batch waits for the delivery loop.
    /// </summary>
    public bool DeliverAfterCommit { get; set; } = true;

    /// <summary>
    /// How long the delivery loop leaves a batch to the instance that committed it and sends it after the commit. Only a
    /// batch whose instance stopped mid-send (crashed) is still there afterwards, and the loop takes it; a failed send
    /// hands its batch to the loop at once.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often delivery looks for batches nobody signalled: those left by a crash or a failed delivery.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many batches one delivery transaction locks and sends.</summary>
    public int DeliveryBatchSize { get; set; } = 100;

    /// <summary>How many of those batches are sent at once; the messages within a batch always go one after another.</summary>
    public int DeliveryConcurrency { get; set; } = 8;

    /// <summary>
    /// How long one send may wait for the broker's confirm before the batch counts as failed. Confirms take milliseconds;
    /// the pass holds its batches' locks meanwhile, so a broker that is down should not keep them long.
    /// </summary>
    public TimeSpan MessageDeliveryTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause before a failed batch is tried again (the pause doubles per attempt up to this).</summary>
    public TimeSpan MaxRedeliveryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a consumed message is remembered: a redelivery within this window is recognised as a duplicate.</summary>
    public TimeSpan DuplicateDetectionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long delivered outbox messages stay readable in SQL; zero deletes them on delivery.</summary>
    public TimeSpan DeliveredRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often cleanup runs.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rows deleted per cleanup statement, so that no statement holds locks on a large part of a table.</summary>
    public int CleanupBatchSize { get; set; } = 1000;

    /// <summary>
    /// How often the delivery loop counts the undelivered messages for the <c>saga.outbox.backlog</c> gauge, while the
    /// gauge has a listener (an exporter); a scrape reads the last count.
    /// </summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(5);
}
