using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Hosting.Database;
using Saga.Persistence;
using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.Persistence.Providers;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

public static class OrderSagaRegistration
{
    public const string DatabaseSection = "Orchestrator:Database";

    /// <summary>Registers the orchestrator's <see cref="OrderSagaDbContext"/> for the database configured at <c>Orchestrator:Database</c>.</summary>
    public static IServiceCollection AddOrderSagaDatabase(this IServiceCollection services, IConfiguration configuration) =>
        services.AddConfiguredDbContext<OrderSagaDbContext, SqliteOrderSagaDbContext, PostgreSqlOrderSagaDbContext, SqlServerOrderSagaDbContext>(
            configuration, DatabaseSection, "orchestrator.db");

    /// <summary>Adds the order state machine, kept in <see cref="OrderSagaDbContext"/> with its transition history.</summary>
    public static IBusRegistrationConfigurator AddOrderSaga(this IBusRegistrationConfigurator bus,
        SagaConcurrencyMode concurrencyMode = SagaConcurrencyMode.Optimistic, ParticipantAddresses? participants = null)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.TryAddSingleton(participants ?? ParticipantAddresses.Queues);
        bus.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateMachineDefinition>()
            .EntityFrameworkRepository(r =>
            {
                r.ExistingDbContext<OrderSagaDbContext>();
                r.ConcurrencyMode = concurrencyMode;
            });
        bus.AddSagaTransitionHistory<OrderState>();
        return bus;
    }
}
