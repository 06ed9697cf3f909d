using MassTransit;
using MassTransit.Configuration;
using MassTransit.DependencyInjection;
using MassTransit.Middleware;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saga.Persistence.Outbox;

namespace Saga.Persistence;

public static class TransactionalOutboxRegistrationExtensions
{
    /// <summary>
    /// Registers the EF Core transactional outbox and inbox of <typeparamref name="TDbContext"/>: MassTransit's outbox
    /// context factory for consumers and sagas, the delivery loop and the cleanup. The context's model needs
    /// <see cref="OutboxModelBuilderExtensions.TransactionalOutbox"/>; endpoints opt in with
    /// <see cref="UseTransactionalOutbox{TDbContext,TConsumer}"/> or <see cref="UseTransactionalOutbox{TDbContext,TSaga}(ISagaConfigurator{TSaga},IReceiveEndpointConfigurator,IRegistrationContext)"/>.
    /// The options are validated when the host starts (and on first use); <paramref name="settingsSection"/>, given, names
    /// the configuration section they came from in the validation messages.
    /// </summary>
    public static IServiceCollection AddTransactionalOutbox<TDbContext>(this IServiceCollection services,
        Action<TransactionalOutboxOptions<TDbContext>>? configure = null, string? settingsSection = null)
        where TDbContext : DbContext
    {
        var options = services.AddOptions<TransactionalOutboxOptions<TDbContext>>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();
        // Once per context, however often the outbox is added.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransactionalOutboxOptions<TDbContext>>>(
            new TransactionalOutboxOptionsValidator<TDbContext>(settingsSection)));
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TransactionalOutboxOptions<TDbContext>>>().Value);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabaseClock<TDbContext>>();
        services.AddSingleton<OutboxDeadLetters<TDbContext>>();
        services.AddSingleton<OutboxDeliverySignal<TDbContext>>();
        services.AddScoped<IOutboxContextFactory<TDbContext>, EntityFrameworkOutboxContextFactory<TDbContext>>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<OutboxDelivery<TDbContext>>(provider, provider.GetRequiredService<IBus>()));
        services.AddSingleton<OutboxDeliveryRecorder<TDbContext>>();
        services.AddSingleton<AfterCommitDelivery<TDbContext>>();
        services.AddSingleton<OutboxCleanup<TDbContext>>();
        services.AddSingleton<OutboxBacklog<TDbContext>>();
        services.AddHostedService<OutboxDeliveryService<TDbContext>>();
        services.AddHostedService<OutboxCleanupService<TDbContext>>();
        return services;
    }

    /// <summary>
    /// Sends and publishes made outside a consumer, through a scope's <see cref="IPublishEndpoint"/> or
    /// <see cref="ISendEndpointProvider"/>, go to <typeparamref name="TDbContext"/>'s outbox and leave with its next commit.
    /// </summary>
    public static IBusRegistrationConfigurator AddBusOutbox<TDbContext>(this IBusRegistrationConfigurator bus)
        where TDbContext : DbContext
    {
        bus.Replace(ServiceDescriptor.Scoped<IScopedBusContextProvider<IBus>, EntityFrameworkScopedBusContextProvider<IBus, TDbContext>>());
        return bus;
    }

    /// <summary>Runs each of the consumer's messages through <typeparamref name="TDbContext"/>'s inbox and outbox.</summary>
    public static void UseTransactionalOutbox<TDbContext, TConsumer>(this IConsumerConfigurator<TConsumer> consumer,
        IReceiveEndpointConfigurator endpoint, IRegistrationContext context)
        where TDbContext : DbContext
        where TConsumer : class =>
        consumer.ConnectConsumerConfigurationObserver(new OutboxConsumePipeSpecificationObserver<TDbContext>(endpoint, context));

    /// <summary>Runs each of the saga's messages through <typeparamref name="TDbContext"/>'s inbox and outbox.</summary>
    public static void UseTransactionalOutbox<TDbContext, TSaga>(this ISagaConfigurator<TSaga> saga, IReceiveEndpointConfigurator endpoint,
        IRegistrationContext context)
        where TDbContext : DbContext
        where TSaga : class, ISaga =>
        saga.ConnectSagaConfigurationObserver(new OutboxConsumePipeSpecificationObserver<TDbContext>(endpoint, context));
}
