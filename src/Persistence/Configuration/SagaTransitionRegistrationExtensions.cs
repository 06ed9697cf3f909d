using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
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

    /// <summary>
    /// Deletes transitions of <typeparamref name="TDbContext"/>'s history older than its retention, in bounded batches on
    /// an interval (<see cref="TransitionHistoryCleanupService{TDbContext}"/>). The options are validated when the host
    /// starts; <paramref name="settingsSection"/>, given, names the configuration section they came from in the messages.
    /// </summary>
    public static IServiceCollection AddTransitionHistoryCleanup<TDbContext>(this IServiceCollection services,
        Action<TransitionHistoryOptions<TDbContext>>? configure = null, string? settingsSection = null)
        where TDbContext : DbContext
    {
        var options = services.AddOptions<TransitionHistoryOptions<TDbContext>>();
        if (configure is not null)
            options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TransitionHistoryOptions<TDbContext>>>(
            new TransitionHistoryOptionsValidator<TDbContext>(settingsSection)));
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<TransitionHistoryOptions<TDbContext>>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TransitionHistoryCleanup<TDbContext>>();
        services.AddHostedService<TransitionHistoryCleanupService<TDbContext>>();
        return services;
    }
}
