using MassTransit;
using MassTransit.Logging;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;
using StoredSchedule = Saga.Persistence.Scheduling.ScheduledMessage;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// The ledger on MassTransit's test harness (in-memory transport) with its transactional outbox and inbox on a real
/// database, registered the way a service registers them. The only change is what delivery sends through: the
/// <see cref="TestBroker"/> in front of the bus, which logs every accepted message and can simulate an outage.
/// </summary>
public sealed class LedgerTestHost : IAsyncDisposable
{
    readonly ServiceProvider _provider;

    LedgerTestHost(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    public TestBroker Broker => _provider.GetRequiredService<TestBroker>();

    public ConsumeLog Consumed => _provider.GetRequiredService<ConsumeLog>();

    public CrashPlan Crashes => _provider.GetRequiredService<CrashPlan>();

    public ContentionGate Contention => _provider.GetRequiredService<ContentionGate>();

    public StateBeforeRetry StateBeforeRetry => _provider.GetRequiredService<StateBeforeRetry>();

    public InboxClaimRowCount InboxClaimRowCount => _provider.GetRequiredService<InboxClaimRowCount>();

    public DeliveryRecordLog DeliveryRecords => _provider.GetRequiredService<DeliveryRecordLog>();
    public StatementLog Statements => _provider.GetRequiredService<StatementLog>();

    /// <summary>One pass of the durable scheduler, for a test to run besides the hosted one (with <see cref="LedgerTestHostOptions.Scheduler"/>).</summary>
    public ScheduledMessageDispatcher<LedgerDbContext> SchedulerPass => _provider.GetRequiredService<ScheduledMessageDispatcher<LedgerDbContext>>();

    public static async Task<LedgerTestHost> StartAsync(LedgerTestDatabase database, Action<LedgerTestHostOptions>? configure = null)
    {
        var options = new LedgerTestHostOptions();
        configure?.Invoke(options);

        var services = new ServiceCollection();
        services.AddSingleton(options.Clock);
        services.AddSingleton<CrashPlan>();
        services.AddSingleton<CrashingSaveChangesInterceptor>();
        services.AddSingleton<CrashingCommitInterceptor>();
        services.AddSingleton<ContentionGate>();
        services.AddSingleton<InboxClaimRowCount>();
        services.AddSingleton<DeliveryRecordLog>();
        services.AddSingleton<StatementLog>();
        services.AddSingleton<StateBeforeRetry>();
        services.AddSingleton<ConsumeLog>();
        services.AddSingleton(provider => new TestBroker(provider.GetRequiredService<IBus>()));

        services.AddDbContext<LedgerDbContext>((provider, db) =>
        {
            database.Configure(db);
            db.AddInterceptors(provider.GetRequiredService<CrashingSaveChangesInterceptor>(), provider.GetRequiredService<CrashingCommitInterceptor>(),
                provider.GetRequiredService<ContentionGate>(), provider.GetRequiredService<InboxClaimRowCount>(),
                provider.GetRequiredService<DeliveryRecordLog>(),
                provider.GetRequiredService<StatementLog>());
        });
        services.AddSqlDialect<LedgerDbContext>(database.Provider);
        services.AddTransactionalOutbox<LedgerDbContext>(outbox =>
        {
            outbox.PollInterval = TimeSpan.FromMilliseconds(100);
            outbox.MaxRedeliveryDelay = TimeSpan.FromMilliseconds(200);
            outbox.CleanupInterval = TimeSpan.FromHours(1);
            options.Outbox?.Invoke(outbox);
        });
        services.Replace(ServiceDescriptor.Singleton(provider => new OutboxDelivery<LedgerDbContext>(
            provider.GetRequiredService<IServiceScopeFactory>(), provider.GetRequiredService<DbContextDialect<LedgerDbContext>>(),
            provider.GetRequiredService<TestBroker>(),
            provider.GetRequiredService<TransactionalOutboxOptions<LedgerDbContext>>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<DatabaseClock<LedgerDbContext>>(), provider.GetRequiredService<ILogger<OutboxDelivery<LedgerDbContext>>>())));
        if (!options.RunDeliveryService)
            services.Remove(services.Single(x => x.ServiceType == typeof(IHostedService) && x.ImplementationType == typeof(OutboxDeliveryService<LedgerDbContext>)));

        // Warnings (failed deliveries, retries) end up in the test's output; MassTransit's debug chatter does not.
        services.Configure<TextWriterLoggerOptions>(logging => logging.LogLevel = LogLevel.Warning);
        services.AddMassTransitTestHarness(TestContext.Out, bus =>
        {
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(60));
            bus.AddConsumer<ChargeCustomerConsumer, TransactionalConsumerDefinition<ChargeCustomerConsumer>>();
            bus.AddConsumer<ScheduleInstalmentsConsumer, TransactionalConsumerDefinition<ScheduleInstalmentsConsumer>>();
            bus.AddConsumer<InvoiceConsumer, TransactionalConsumerDefinition<InvoiceConsumer>>();
            // One message at a time, so the order events are consumed in is the order they were delivered in.
            bus.AddConsumer<LedgerEventSubscriber>().Endpoint(endpoint =>
            {
                endpoint.Name = LedgerEventSubscriber.Queue;
                endpoint.ConcurrentMessageLimit = 1;
            });
            if (options.UseBusOutbox)
                bus.AddBusOutbox<LedgerDbContext>();

            if (options.Scheduler is { } configureScheduler)
            {
                bus.AddDurableMessageScheduler<LedgerDbContext>(scheduler =>
                {
                    scheduler.PollInterval = TimeSpan.FromMilliseconds(100);
                    configureScheduler(scheduler);
                });
            }

            bus.UsingInMemory((context, cfg) =>
            {
                // As a service with the durable scheduler is configured: whatever is not scheduled in a transaction is sent
                // to the scheduler's queue as a command.
                if (context.GetService<DurableSchedulerOptions<LedgerDbContext>>() is { } scheduler)
                    cfg.UseMessageScheduler(new Uri($"queue:{scheduler.QueueName}"));
                cfg.ConfigureEndpoints(context);
            });
        });

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var host = new LedgerTestHost(provider);
        try
        {
            provider.GetRequiredService<IBus>().ConnectConsumeObserver(provider.GetRequiredService<ConsumeLog>());
            await host.Harness.Start();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="message"/> straight on the bus under a message id the test chooses.</summary>
    public Task Publish<T>(T message, Guid messageId)
        where T : class =>
        Harness.Bus.Publish(message, context => context.MessageId = messageId);

    public Task<LedgerSnapshot> Snapshot() => LedgerSnapshot.TakeAsync(_provider);

    /// <summary>Reads through a fresh scope and context, so the result is what was committed.</summary>
    public async Task<T> Query<T>(Func<LedgerDbContext, Task<T>> query)
    {
        await using var scope = _provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<LedgerDbContext>());
    }

    public Task<List<OutboxBatch>> Batches() => Query(db => db.Set<OutboxBatch>().AsNoTracking().ToListAsync());

    public Task<List<OutboxMessage>> OutboxMessages() =>
        Query(db => db.Set<OutboxMessage>().AsNoTracking().OrderBy(x => x.SequenceNumber).ToListAsync());

    /// <summary>The durable scheduler's pending schedules, earliest first.</summary>
    public Task<List<StoredSchedule>> Schedules() =>
        Query(db => db.Set<StoredSchedule>().AsNoTracking().OrderBy(x => x.DueAt).ToListAsync());

    /// <summary>
    /// Waits until the broker accepted <paramref name="sends"/> messages and no batch is left waiting; from then on
    /// nothing more can be delivered, so counts read afterwards are final.
    /// </summary>
    public Task WaitForDelivery(int sends) =>
        Eventually.Until(async () => Broker.Sent.Count >= sends && !await Query(db => db.Set<OutboxBatch>().AnyAsync()),
            $"{sends} message(s) were delivered and no outbox batch was left");

    public async ValueTask DisposeAsync()
    {
        // As a host does, stop the background loops before disposing what they use: the scheduler's and the outbox's
        // first (the scheduler feeds the outbox), so that no pass is cut off by the bus stopping under it, then the bus.
        // Disposing the provider alone would leave a running loop asking a disposed provider for a scope.
        var loops = _provider.GetServices<IHostedService>()
            .Where(x => x is ScheduledMessageDispatchService<LedgerDbContext> or OutboxDeliveryService<LedgerDbContext> or OutboxCleanupService<LedgerDbContext>)
            .OrderBy(x => x is ScheduledMessageDispatchService<LedgerDbContext> ? 0 : 1);
        foreach (var service in loops)
            await service.StopAsync(CancellationToken.None);
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
