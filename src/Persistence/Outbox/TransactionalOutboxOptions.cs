using System.Globalization;
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
    /// How long a batch belongs to the instance that is sending it: the one that committed it (sending right after the
    /// commit) or the delivery pass that claimed it. Only a batch whose instance stopped mid-send (crashed, froze) is still
    /// leased afterwards, and any instance's loop takes it; a failed send hands its batch back at once. Keep it well below
    /// the shortest deadline that waits for these messages (the orchestrator checks its step deadlines against it), so
    /// that a crash delays them by seconds, not by a deadline.
    /// </summary>
    public TimeSpan DeliveryLease { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// This instance's name, stored with each lease it takes. An instance restarting under the same name takes its own
    /// leases back at start-up and sends those batches at once, instead of waiting for the leases to run out; instances
    /// of one service running side by side need different names, or one starting takes back the leases of another that is
    /// still sending (which then sends twice). Defaults to the machine's name and the process id: unique among processes
    /// of one machine, and the same after a container restarts (its process is pid 1 again); give each instance a stable
    /// name of its own where processes restart under new ids.
    /// </summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Failed delivery attempts after which a batch is dead: it stays in <c>outbox_batches</c> with its messages, is no
    /// longer retried nor counted by readiness, and waits for an operator to requeue it
    /// (<see cref="OutboxDeadLetters{TDbContext}"/>).
    /// </summary>
    public int MaxDeliveryAttempts { get; set; } = 10;

    /// <summary>How often delivery looks for batches nobody signalled: those left by a crash or a failed delivery.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many batches one delivery transaction locks and sends.</summary>
    public int DeliveryBatchSize { get; set; } = 100;

    /// <summary>How many of those batches are sent at once; the messages within a batch always go one after another.</summary>
    public int DeliveryConcurrency { get; set; } = 8;

    /// <summary>
    /// The most delivered batches one recording transaction takes. The consuming instance queues each batch it delivered
    /// after a commit; a background loop records what queued in one transaction (the batch rows deleted under their
    /// leases, the messages marked delivered or deleted), instead of one transaction per batch. The queue holds four
    /// times this many; beyond that, consumers wait for the record before they acknowledge.
    /// </summary>
    public int DeliveryRecordBatchSize { get; set; } = 500;

    /// <summary>
    /// How long the recording loop waits, after the first delivered batch queued, for more to share its transaction (or
    /// until <see cref="DeliveryRecordBatchSize"/> queued). A batch is only recorded late, never lost: until it is, it
    /// stays leased, and a crash meanwhile sends it again after the lease (receivers' inboxes absorb the repeat). Zero
    /// records at once whatever queued while the previous record ran.
    /// </summary>
    public TimeSpan DeliveryRecordLinger { get; set; } = TimeSpan.FromMilliseconds(20);

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
