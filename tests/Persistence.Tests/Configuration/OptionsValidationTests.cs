using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Configuration;

/// <summary>
/// Settings that would stop the outbox, the inbox cleanup or the scheduler instead of tuning them are refused when the
/// host starts, each with a message naming the setting as the operator wrote it.
/// </summary>
public sealed class OptionsValidationTests
{
    const string Section = "Participants:Payment:Outbox";

    [Test]
    public void The_default_outbox_and_scheduler_settings_are_valid()
    {
        using var provider = Services(_ => { }, _ => { });

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<TransactionalOutboxOptions<LedgerDbContext>>().DeliveryLease, Is.EqualTo(TimeSpan.FromSeconds(5)),
                "the default lease: seconds, well below a 30 s step deadline");
            Assert.That(provider.GetRequiredService<DurableSchedulerOptions<LedgerDbContext>>().StartupGrace, Is.EqualTo(TimeSpan.FromSeconds(10)),
                "the default start-up grace");
        });
    }

    [Test]
    public void The_default_instance_id_names_the_machine_and_the_process_so_that_instances_side_by_side_on_one_machine_never_share_one()
    {
        using var provider = Services(_ => { }, _ => { });

        Assert.That(provider.GetRequiredService<TransactionalOutboxOptions<LedgerDbContext>>().InstanceId,
            Is.EqualTo($"{Environment.MachineName}-{Environment.ProcessId}"),
            "two processes of one service on one machine would otherwise take back each other's leases when one starts");
    }

    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveryBatchSize), "must be at least 1 (got 0)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveryConcurrency), "must be at least 1 (got 0)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.CleanupBatchSize), "must be at least 1 (got 0)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveryRecordBatchSize), "must be at least 1 (got 0)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveryRecordLinger), "must not be negative (got -00:00:01)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.MaxDeliveryAttempts), "must be at least 1 (got 0)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveryLease), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.PollInterval), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.MessageDeliveryTimeout), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.MaxRedeliveryDelay), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DuplicateDetectionWindow), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.CleanupInterval), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.BacklogInterval), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.DeliveredRetention), "must not be negative (got -00:00:01)")]
    [TestCase(nameof(TransactionalOutboxOptions<LedgerDbContext>.InstanceId), "must not be empty")]
    public void An_outbox_setting_that_would_stop_delivery_or_cleanup_is_refused_at_start(string setting, string reason)
    {
        using var provider = Services(outbox => Break(outbox, setting), _ => { });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Failures, Is.EqualTo(new[] { $"{Section}:{setting} {reason}" }));
    }

    [Test]
    public void A_delivery_record_linger_longer_than_a_quarter_of_the_lease_is_refused_at_start()
    {
        using var provider = Services(outbox =>
        {
            outbox.DeliveryLease = TimeSpan.FromSeconds(4);
            outbox.DeliveryRecordLinger = TimeSpan.FromMilliseconds(1001);
        }, _ => { });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Failures,
            Is.EqualTo(new[] { $"{Section}:DeliveryRecordLinger (00:00:01.0010000) must be at most a quarter of DeliveryLease (00:00:04)" }));
    }

    [TestCase(nameof(DurableSchedulerOptions<LedgerDbContext>.DispatchBatchSize), "must be at least 1 (got 0)")]
    [TestCase(nameof(DurableSchedulerOptions<LedgerDbContext>.PollInterval), "must be a positive duration (got 00:00:00)")]
    [TestCase(nameof(DurableSchedulerOptions<LedgerDbContext>.StartupGrace), "must not be negative (got -00:00:01)")]
    [TestCase(nameof(DurableSchedulerOptions<LedgerDbContext>.QueueName), "must not be empty")]
    public void A_scheduler_setting_that_would_stop_it_is_refused_at_start(string setting, string reason)
    {
        using var provider = Services(_ => { }, scheduler => Break(scheduler, setting));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.That(error!.Failures, Is.EqualTo(new[] { $"DurableSchedulerOptions.{setting} {reason}" }));
    }

    [Test]
    public void A_lease_is_refused_unless_it_is_at_most_a_third_of_the_shortest_deadline()
    {
        var options = new TransactionalOutboxOptions<LedgerDbContext> { DeliveryLease = TimeSpan.FromSeconds(10) };

        Assert.Multiple(() =>
        {
            Assert.That(OutboxLeaseRules.CheckAgainstDeadline(options, TimeSpan.FromSeconds(30), "Orchestrator:Outbox"), Is.Null, "10 s against 30 s");
            Assert.That(OutboxLeaseRules.CheckAgainstDeadline(options, TimeSpan.FromSeconds(29), "Orchestrator:Outbox"),
                Does.StartWith("Orchestrator:Outbox:DeliveryLease (00:00:10) must be at most a third of the shortest step deadline (00:00:29)"),
                "10 s against 29 s");
        });
    }

    static ServiceProvider Services(Action<TransactionalOutboxOptions<LedgerDbContext>> outbox, Action<DurableSchedulerOptions<LedgerDbContext>> scheduler)
    {
        var services = new ServiceCollection();
        services.AddTransactionalOutbox(outbox, Section);
        services.AddMassTransit(bus => bus.AddDurableMessageScheduler(scheduler));
        return services.BuildServiceProvider();
    }

    static void Break(object options, string setting)
    {
        var property = options.GetType().GetProperty(setting)!;
        object broken = property.PropertyType == typeof(int) ? 0
            : property.PropertyType == typeof(string) ? " "
            : setting is "DeliveredRetention" or "StartupGrace" or "DeliveryRecordLinger" ? TimeSpan.FromSeconds(-1) : TimeSpan.Zero;
        property.SetValue(options, broken);
    }
}
