using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Refuses outbox settings that would stop delivery or cleanup rather than tune them: a batch size of 0 never delivers,
/// a cleanup batch of 0 loops forever, a zero interval spins.
/// </summary>
public sealed class TransactionalOutboxOptionsValidator<TDbContext>(string? section = null) : IValidateOptions<TransactionalOutboxOptions<TDbContext>>
    where TDbContext : DbContext
{
    public ValidateOptionsResult Validate(string? name, TransactionalOutboxOptions<TDbContext> options)
    {
        var rules = new OptionRules(OptionRules.PrefixFor(section, typeof(TransactionalOutboxOptions<TDbContext>)));
        rules.Positive(nameof(options.DeliveryLease), options.DeliveryLease);
        rules.Text(nameof(options.InstanceId), options.InstanceId, OutboxLeaseRules.MaxInstanceIdLength);
        rules.AtLeast(nameof(options.MaxDeliveryAttempts), options.MaxDeliveryAttempts, 1);
        rules.Positive(nameof(options.PollInterval), options.PollInterval);
        rules.AtLeast(nameof(options.DeliveryBatchSize), options.DeliveryBatchSize, 1);
        rules.AtLeast(nameof(options.DeliveryConcurrency), options.DeliveryConcurrency, 1);
        rules.AtLeast(nameof(options.DeliveryRecordBatchSize), options.DeliveryRecordBatchSize, 1);
        rules.NotNegative(nameof(options.DeliveryRecordLinger), options.DeliveryRecordLinger);
        // A linger as long as the lease would let every lease run out before its batch is recorded.
        if (options.DeliveryRecordLinger * 4 > options.DeliveryLease && options.DeliveryLease > TimeSpan.Zero)
            rules.Fail($"{nameof(options.DeliveryRecordLinger)} ({options.DeliveryRecordLinger}) must be at most a quarter of {nameof(options.DeliveryLease)} ({options.DeliveryLease})");
        rules.Positive(nameof(options.MessageDeliveryTimeout), options.MessageDeliveryTimeout);
        rules.Positive(nameof(options.MaxRedeliveryDelay), options.MaxRedeliveryDelay);
        rules.Positive(nameof(options.DuplicateDetectionWindow), options.DuplicateDetectionWindow);
        rules.NotNegative(nameof(options.DeliveredRetention), options.DeliveredRetention);
        rules.Positive(nameof(options.CleanupInterval), options.CleanupInterval);
        rules.AtLeast(nameof(options.CleanupBatchSize), options.CleanupBatchSize, 1);
        rules.Positive(nameof(options.BacklogInterval), options.BacklogInterval);
        return rules.Failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(rules.Failures);
    }
}
