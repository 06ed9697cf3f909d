using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;

namespace Saga.Persistence;

public static class DurableSchedulerRegistrationExtensions
{
    /// <summary>
    /// Adds our durable message scheduler on <typeparamref name="TDbContext"/>: a consumer of MassTransit's
    /// <c>ScheduleMessage</c>/<c>CancelScheduledMessage</c> on its own queue, storing schedules in SQL, and a dispatcher that
    /// moves them to the transactional outbox when due. The context needs <see cref="SchedulerModelBuilderExtensions.DurableScheduler"/>
    /// and the transactional outbox. Clients point MassTransit at it with <c>UseMessageScheduler</c>/<c>AddMessageScheduler</c>
    /// and the queue's address.
    /// The options are validated when the host starts (and on first use); <paramref name="settingsSection"/>, given, names
    /// the configuration section they came from in the validation messages.
    /// </summary>
    public static IBusRegistrationConfigurator AddDurableMessageScheduler<TDbContext>(this IBusRegistrationConfigurator bus,
        Action<DurableSchedulerOptions<TDbContext>>? configure = null, string? settingsSection = null)
        where TDbContext : DbContext
    {
        var options = bus.AddOptions<DurableSchedulerOptions<TDbContext>>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DurableSchedulerOptions<TDbContext>>>(
            new DurableSchedulerOptionsValidator<TDbContext>(settingsSection)));
        bus.AddSingleton(provider => provider.GetRequiredService<IOptions<DurableSchedulerOptions<TDbContext>>>().Value);

        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton<DatabaseClock<TDbContext>>();
        bus.AddSingleton<SchedulerSignal<TDbContext>>();
        // How consumers behind this context's outbox schedule inside their own transaction.
        bus.TryAddEnumerable(ServiceDescriptor.Singleton<IOutboxConsumeHook<TDbContext>, TransactionalSchedulingHook<TDbContext>>());
        bus.AddSingleton<ScheduledMessageDispatcher<TDbContext>>();
        bus.AddHostedService<ScheduledMessageDispatchService<TDbContext>>();
        bus.AddConsumer<ScheduleMessageConsumer<TDbContext>, ScheduleMessageConsumerDefinition<TDbContext>>();
        return bus;
    }
}
