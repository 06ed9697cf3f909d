using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Outbox;

namespace Saga.Persistence;

/// <summary>
/// The outbox an endpoint gets from its settings: <typeparamref name="TDbContext"/>'s transactional inbox and outbox, or,
/// with <see cref="TransactionalOutboxOptions{TDbContext}.Enabled"/> off (the benchmark baseline), MassTransit's in-memory outbox.
/// </summary>
public static class ConfiguredOutboxExtensions
{
    /// <summary>Runs each of the consumer's messages through the outbox its context's settings choose.</summary>
    public static void UseConfiguredOutbox<TDbContext, TConsumer>(this IConsumerConfigurator<TConsumer> consumer,
        IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
        where TDbContext : DbContext
        where TConsumer : class
    {
        if (IsTransactional<TDbContext>(context))
            consumer.UseTransactionalOutbox<TDbContext, TConsumer>(endpoint, context);
        else
            consumer.UseInMemoryOutbox(context);
    }

    /// <summary>Runs each of the saga's messages through the outbox its context's settings choose.</summary>
    public static void UseConfiguredOutbox<TDbContext, TSaga>(this ISagaConfigurator<TSaga> saga, IReceiveEndpointConfigurator endpoint,
        IRegistrationContext context)
        where TDbContext : DbContext
        where TSaga : class, ISaga
    {
        if (IsTransactional<TDbContext>(context))
            saga.UseTransactionalOutbox<TDbContext, TSaga>(endpoint, context);
        else
            saga.UseInMemoryOutbox(context);
    }

    // Registered by AddTransactionalOutbox; required, so that an endpoint without it fails when the bus is configured.
    static bool IsTransactional<TDbContext>(IServiceProvider provider)
        where TDbContext : DbContext =>
        provider.GetRequiredService<TransactionalOutboxOptions<TDbContext>>().Enabled;
}
