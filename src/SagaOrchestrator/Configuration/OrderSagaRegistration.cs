using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Hosting.Database;
using Saga.Hosting.Messaging;
using Saga.Persistence;
using Saga.Persistence.Sagas;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.SagaOrchestrator.Telemetry;

namespace Saga.SagaOrchestrator.Configuration;

public static class OrderSagaRegistration
{
    public const string DatabaseSection = "Orchestrator:Database";

    public const string OutboxSection = "Orchestrator:Outbox";

    /// <summary>The section of the durable scheduler's settings (<c>StartupGrace</c>, <c>PollInterval</c>, <c>DispatchBatchSize</c>).</summary>
    public const string SchedulerSection = "Orchestrator:Scheduler";

    /// <summary>The section of the transition history's retention and cleanup (<c>Retention</c>, <c>CleanupInterval</c>, <c>CleanupBatchSize</c>, <c>MaxBatchesPerPass</c>).</summary>
    public const string HistorySection = "Orchestrator:History";

    /// <summary>The queue of the orchestrator's durable scheduler, which keeps the step deadlines.</summary>
    public const string SchedulerQueue = "saga-scheduler";

    /// <summary>
    /// Registers the orchestrator's <see cref="OrderSagaDbContext"/> for the database configured at <c>Orchestrator:Database</c>,
    /// with its transactional outbox and inbox (settings at <c>Orchestrator:Outbox</c>) and the settings of the durable
    /// scheduler that <see cref="AddOrderSaga"/> adds on it (at <c>Orchestrator:Scheduler</c>), and the cleanup of its
    /// transition history (at <c>Orchestrator:History</c>).
    /// </summary>
    public static IServiceCollection AddOrderSagaDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DurableSchedulerOptions<OrderSagaDbContext>>().Bind(configuration.GetSection(SchedulerSection));
        services.AddTransitionHistoryCleanup<OrderSagaDbContext>(options => configuration.GetSection(HistorySection).Bind(options), HistorySection);
        return services.AddConfiguredDbContext<OrderSagaDbContext>(
                configuration, DatabaseSection, "orchestrator.db")
            .AddConfiguredTransactionalOutbox<OrderSagaDbContext>(configuration, OutboxSection);
    }

    /// <summary>
    /// Where the saga's schedule commands go. With quorum queues, the exchange in front of the queue, so that sending
    /// never redeclares the queue as a classic one; the orchestrator service provisions the queue behind it
    /// (<c>AddProvisionedQueues</c>), so a schedule sent before the scheduler's endpoint is up is not returned.
    /// </summary>
    public static Uri SchedulerAddress(bool quorumQueues) => new(quorumQueues ? $"exchange:{SchedulerQueue}" : $"queue:{SchedulerQueue}");

    /// <summary>
    /// Adds the order state machine, kept in <see cref="OrderSagaDbContext"/> with its transition history, and the durable
    /// scheduler that keeps its step deadlines. The bus must point MassTransit at the scheduler:
    /// <c>cfg.UseMessageScheduler(SchedulerAddress(...))</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddOrderSaga(this IBusRegistrationConfigurator bus,
        SagaConcurrencyMode concurrencyMode = SagaConcurrencyMode.Optimistic, ParticipantAddresses? participants = null)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton(participants ?? ParticipantAddresses.Queues);
        bus.TryAddSingleton(OrderStepDeadlines.Default);
        bus.TryAddSingleton(OrderFlows.Latest);
        bus.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateMachineDefinition>()
            .EntityFrameworkRepository(r =>
            {
                r.ExistingDbContext<OrderSagaDbContext>();
                r.ConcurrencyMode = concurrencyMode;
            });
        bus.AddSagaTransitionHistory<OrderState>();
        bus.AddStateObserver<OrderState, OrderTelemetryObserver>();
        bus.AddDurableMessageScheduler<OrderSagaDbContext>(scheduler => scheduler.QueueName = SchedulerQueue, SchedulerSection);
        return bus;
    }

    /// <summary>
    /// The benchmark baseline: the same state machine in MassTransit's in-memory saga repository, without transition history
    /// and without the durable scheduler, so its sagas run without step deadlines. Nothing survives a restart; not for production.
    /// </summary>
    public static IBusRegistrationConfigurator AddInMemoryOrderSaga(this IBusRegistrationConfigurator bus, ParticipantAddresses? participants = null)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton(participants ?? ParticipantAddresses.Queues);
        bus.TryAddSingleton(OrderStepDeadlines.Default);
        bus.TryAddSingleton(OrderFlows.Latest);
        bus.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateMachineDefinition>().InMemoryRepository();
        bus.AddStateObserver<OrderState, OrderTelemetryObserver>();
        bus.AddHostedService<InMemorySagaRepositoryNotice>();
        return bus;
    }

    /// <summary>Adds the order saga where <see cref="OrderSagaOptions.SagaRepository"/> says: <see cref="AddOrderSaga"/> or <see cref="AddInMemoryOrderSaga"/>.</summary>
    public static IBusRegistrationConfigurator AddConfiguredOrderSaga(this IBusRegistrationConfigurator bus, OrderSagaOptions options,
        ParticipantAddresses? participants = null) =>
        options.SagaRepository == SagaRepositoryKind.InMemory
            ? bus.AddInMemoryOrderSaga(participants)
            : bus.AddOrderSaga(options.ConcurrencyMode, participants);
}
