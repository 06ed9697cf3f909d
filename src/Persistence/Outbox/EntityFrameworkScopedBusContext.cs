using MassTransit;
using MassTransit.Clients;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using MassTransit.Middleware.Outbox;
using MassTransit.Transports;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// The bus outbox: outside a consumer, <see cref="IPublishEndpoint"/> and <see cref="ISendEndpointProvider"/> resolved
/// from a scope write into the scope's <typeparamref name="TDbContext"/> instead of the broker. The caller's own
/// <c>SaveChanges</c> commits its data and the messages together; the delivery loop is woken after each save and when
/// the scope ends.
/// </summary>
public sealed class EntityFrameworkScopedBusContext<TBus, TDbContext> : ScopedBusContext, OutboxSendContext, IDisposable
    where TBus : class, IBus
    where TDbContext : DbContext
{
    readonly TBus _bus;
    readonly IClientFactory _clientFactory;
    readonly TDbContext _dbContext;
    readonly IServiceProvider _provider;
    readonly OutboxDeliverySignal<TDbContext> _signal;
    readonly OutboxWriter _writer;
    IPublishEndpoint? _publishEndpoint;
    IScopedClientFactory? _scopedClientFactory;
    ISendEndpointProvider? _sendEndpointProvider;

    public EntityFrameworkScopedBusContext(TBus bus, TDbContext dbContext, OutboxDeliverySignal<TDbContext> signal, IClientFactory clientFactory,
        IServiceProvider provider, TimeProvider timeProvider, DatabaseClock<TDbContext> clock)
    {
        _bus = bus;
        _dbContext = dbContext;
        _signal = signal;
        _clientFactory = clientFactory;
        _provider = provider;
        _writer = new OutboxWriter(dbContext, timeProvider, clock, topology: bus.Topology);
        _dbContext.SavedChanges += OnSavedChanges;
    }

    public ISendEndpointProvider SendEndpointProvider => _sendEndpointProvider ??= new OutboxSendEndpointProvider(this, _bus);

    public IPublishEndpoint PublishEndpoint => _publishEndpoint ??= new PublishEndpoint(new OutboxPublishEndpointProvider(this, _bus));

    public IScopedClientFactory ClientFactory =>
        _scopedClientFactory ??= new ScopedClientFactory(new ClientFactory(new ScopedClientFactoryContext(_clientFactory, _provider)), null);

    public Task AddSend<T>(SendContext<T> context)
        where T : class
    {
        _writer.Add(context);
        return Task.CompletedTask;
    }

    public object? GetService(Type serviceType) => _provider.GetService(serviceType);

    public void Dispose()
    {
        _dbContext.SavedChanges -= OnSavedChanges;
        if (_writer.Batch is not null)
            _signal.Notify();
    }

    void OnSavedChanges(object? sender, SavedChangesEventArgs e)
    {
        // Saved is not yet committed when the caller runs its own transaction; then the poll picks the batch up.
        if (_writer.Batch is not { } batch || _dbContext.Entry(batch).State != EntityState.Unchanged)
            return;

        _writer.StartNewBatch();
        _signal.Notify();
    }
}
