using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// What the instance that consumed a message does with the batch it committed: with
/// <see cref="TransactionalOutboxOptions{TDbContext}.DeliverAfterCommit"/>, the batch is written under this instance's
/// lease and sent right after the commit, before the message is acknowledged, and recorded with other delivered batches
/// by <see cref="OutboxDeliveryRecorder{TDbContext}"/>; without, the delivery loop is woken to take it.
/// </summary>
public sealed class AfterCommitDelivery<TDbContext>
    where TDbContext : DbContext
{
    readonly OutboxDelivery<TDbContext> _delivery;
    readonly TransactionalOutboxOptions<TDbContext> _options;
    readonly OutboxDeliveryRecorder<TDbContext> _recorder;
    readonly OutboxDeliverySignal<TDbContext> _signal;

    public AfterCommitDelivery(OutboxDelivery<TDbContext> delivery, OutboxDeliveryRecorder<TDbContext> recorder, OutboxDeliverySignal<TDbContext> signal,
        TransactionalOutboxOptions<TDbContext> options)
    {
        _delivery = delivery;
        _recorder = recorder;
        _signal = signal;
        _options = options;
    }

    /// <summary>The lease a new batch is written under, so the loop leaves it to this instance; null when the loop sends it.</summary>
    public OutboxLease? Lease() => _options.DeliverAfterCommit ? new OutboxLease(_options.InstanceId, _options.DeliveryLease) : null;

    /// <summary>Sends what <paramref name="written"/> committed, or hands it to the loop; never throws.</summary>
    public async Task Deliver(DbContext dbContext, OutboxWriter written)
    {
        if (written.Batch is not { } batch)
            return;

        if (_options.DeliverAfterCommit)
            await _delivery.DeliverCommitted(dbContext, batch, written.Messages, _recorder);
        else
            _signal.Notify();
    }
}
