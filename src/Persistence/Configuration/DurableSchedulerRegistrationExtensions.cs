using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// </summary>
    public static IBusRegistrationConfigurator AddDurableMessageScheduler<TDbContext>(this IBusRegistrationConfigurator bus,
        Action<DurableSchedulerOptions<TDbContext>>? configure = null)
        where TDbContext : DbContext
    {
        var options = new DurableSchedulerOptions<TDbContext>();
        configure?.Invoke(options);

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(options);
        bus.AddSingleton<SchedulerSignal<TDbContext>>();
        bus.AddSingleton<ScheduledMessageDispatcher<TDbContext>>();
        bus.AddHostedService<ScheduledMessageDispatchService<TDbContext>>();
        bus.AddConsumer<ScheduleMessageConsumer<TDbContext>, ScheduleMessageConsumerDefinition<TDbContext>>();
        return bus;
    }
}
