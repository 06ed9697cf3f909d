using MassTransit;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;
using Saga.Persistence.Tests.Ledger;
using Saga.Persistence.Tests.Ledger.Messages;
using Saga.Persistence.Tests.Support;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests;

/// <summary>
/// Against a real RabbitMQ node: the outbox publishes mandatory, so a message that no queue is bound to receive comes back
/// (basic.return) and its batch stays undelivered with the return as its last error, instead of being confirmed and lost.
/// A published event that nobody subscribes to is delivered as before: dropping it is what publishing means.
/// </summary>
public sealed class MandatoryDeliveryTests
{
    RabbitMqTestNode? _rabbit;
    LedgerTestDatabase? _database;

    RabbitMqTestNode Rabbit => _rabbit ?? throw new InvalidOperationException("RabbitMQ was not started");

    LedgerTestDatabase Database => _database ?? throw new InvalidOperationException("The database was not created");

    [OneTimeSetUp]
    public async Task Start()
    {
        _rabbit = await RabbitMqTestNode.StartAsync();
        _database = await LedgerTestDatabase.CreateAsync(DatabaseProvider.PostgreSql);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_database is not null)
            await _database.DisposeAsync();
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
    }

    [Test]
    public async Task A_message_no_queue_is_bound_to_receive_stays_undelivered_with_the_return_as_its_last_error()
    {
        await using var provider = Services();
        var bus = provider.GetRequiredService<IBusControl>();
        await bus.StartAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        try
        {
            var suffix = NewId.NextGuid().ToString("N");
            var unbound = new Uri($"exchange:saga-test-unbound-{suffix}");
            var bound = new Uri($"queue:saga-test-bound-{suffix}");
            var unboundBatch = await Write(provider, bus, unbound);
            await Write(provider, bus, bound);
            await Write(provider, bus, destination: null);

            var pass = await provider.GetRequiredService<OutboxDelivery<LedgerDbContext>>().DeliverOnce(CancellationToken.None);

            await using var db = Database.NewContext();
            var left = await db.Set<OutboxBatch>().AsNoTracking().ToListAsync();
            var unsent = await db.Set<OutboxMessage>().AsNoTracking().Where(x => x.DeliveredAt == null).Select(x => x.OutboxId).ToListAsync();
            var queued = await Rabbit.GetQueueMessageCountsAsync();
            Assert.Multiple(() =>
            {
                Assert.That(pass, Is.EqualTo(new DeliveryPassResult(Batches: 3, Messages: 2, FailedBatches: 1)),
                    "the delivery pass: the send to the bound queue and the unsubscribed event delivered");
                Assert.That(left.Select(x => x.OutboxId), Is.EqualTo(new[] { unboundBatch }), "batches left undelivered");
                Assert.That(left.SingleOrDefault()?.LastError, Does.StartWith(nameof(MessageReturnedException)), "its last error");
                Assert.That(unsent, Is.EqualTo(new[] { unboundBatch }), "messages left undelivered");
                Assert.That(queued.GetValueOrDefault($"saga-test-bound-{suffix}"), Is.EqualTo(1), "messages in the bound queue");
            });
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    ServiceProvider Services()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<LedgerDbContext>(Database.Configure);
        services.AddSqlDialect<LedgerDbContext>(Database.Provider);
        services.AddTransactionalOutbox<LedgerDbContext>(outbox => outbox.MessageDeliveryTimeout = TimeSpan.FromSeconds(10));
        services.AddMassTransit(bus => bus.UsingRabbitMq((_, cfg) =>
            cfg.Host(Rabbit.Host, (ushort)Rabbit.Port, Rabbit.VirtualHost, host =>
            {
                host.Username(Rabbit.Username);
                host.Password(Rabbit.Password);
                host.PublisherConfirmation = true;
            })));
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// Commits a batch of one message sent to <paramref name="destination"/>, or published without one, serialized as a
    /// consumer's would be.
    /// </summary>
    static async Task<Guid> Write(IServiceProvider provider, IBus bus, Uri? destination)
    {
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LedgerDbContext>();
        var writer = new OutboxWriter(db, TimeProvider.System, topology: bus.Topology);
        var context = new OutboxWriterSendContext(writer, scope.ServiceProvider);
        var message = new ChargeRecorded(NewId.NextGuid(), "ACC-8001", 1m, "INV-80");
        if (destination is null)
            await new PublishEndpoint(new OutboxPublishEndpointProvider(context, bus)).Publish(message, CancellationToken.None);
        else
            await (await new OutboxSendEndpointProvider(context, bus).GetSendEndpoint(destination)).Send(message);
        await db.SaveChangesAsync();
        return writer.Batch!.OutboxId;
    }
}
