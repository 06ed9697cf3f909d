using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Persistence.Transitions;

namespace Saga.Persistence;

public static class SagaTransitionRegistrationExtensions
{
    /// <summary>Records every state change of <typeparamref name="TInstance"/> in the transition history table of its DbContext.</summary>
    public static IServiceCollection AddSagaTransitionHistory<TInstance>(this IServiceCollection services)
        where TInstance : class, SagaStateMachineInstance
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddStateObserver<TInstance, SagaTransitionRecorder<TInstance>>();
        return services;
    }
}
