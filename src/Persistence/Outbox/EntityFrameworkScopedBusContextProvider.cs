using MassTransit;
using MassTransit.DependencyInjection;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Outbox;

/// <summary>
/// Chooses what <see cref="IPublishEndpoint"/> and <see cref="ISendEndpointProvider"/> mean in a scope: inside a
/// consumer, the consume context (and so the consumer's outbox); anywhere else, the bus outbox on
/// <typeparamref name="TDbContext"/>.
/// </summary>
public sealed class EntityFrameworkScopedBusContextProvider<TBus, TDbContext> : IScopedBusContextProvider<TBus>, IDisposable
    where TBus : class, IBus
    where TDbContext : DbContext
{
    public EntityFrameworkScopedBusContextProvider(TBus bus, TDbContext dbContext, OutboxDeliverySignal<TDbContext> signal,
        Bind<TBus, IClientFactory> clientFactory, Bind<TBus, IScopedConsumeContextProvider> consumeContextProvider,
        IScopedConsumeContextProvider globalConsumeContextProvider, IServiceProvider provider, TimeProvider timeProvider,
        DatabaseClock<TDbContext> clock)
    {
        if (consumeContextProvider.Value.HasContext)
            Context = new ConsumeContextScopedBusContext(consumeContextProvider.Value.GetContext(), clientFactory.Value);
        else if (globalConsumeContextProvider.HasContext)
            Context = new ConsumeContextScopedBusContext(globalConsumeContextProvider.GetContext(), clientFactory.Value);
        else
            Context = new EntityFrameworkScopedBusContext<TBus, TDbContext>(bus, dbContext, signal, clientFactory.Value, provider, timeProvider, clock);
    }

    public ScopedBusContext Context { get; }

    public void Dispose() => (Context as IDisposable)?.Dispose();
}
