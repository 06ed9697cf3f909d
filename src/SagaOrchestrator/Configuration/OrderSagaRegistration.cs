using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Persistence;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

public static class OrderSagaRegistration
{
    /// <summary>Registers the orchestrator's <see cref="OrderSagaDbContext"/>.</summary>
    public static IServiceCollection AddOrderSagaDatabase(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
    {
        services.AddDbContext<OrderSagaDbContext>(configure);
        return services;
    }

    /// <summary>Adds the order state machine, kept in <see cref="OrderSagaDbContext"/> with its transition history.</summary>
    public static IBusRegistrationConfigurator AddOrderSaga(this IBusRegistrationConfigurator bus)
    {
        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSagaStateMachine<OrderStateMachine, OrderState, OrderStateMachineDefinition>()
            .EntityFrameworkRepository(r => r.ExistingDbContext<OrderSagaDbContext>());
        bus.AddSagaTransitionHistory<OrderState>();
        return bus;
    }
}
