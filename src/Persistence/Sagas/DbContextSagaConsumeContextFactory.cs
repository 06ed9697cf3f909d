using MassTransit;
using MassTransit.Context;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Sagas;

/// <summary>
/// Creates the saga consume context with the saga's <see cref="DbContext"/> as a payload, so that observers of the
/// state machine (the transition recorder) add their rows to the same unit of work as the saga itself.
/// </summary>
public sealed class DbContextSagaConsumeContextFactory<TSaga> : ISagaConsumeContextFactory<DbContext, TSaga>
    where TSaga : class, ISaga
{
    public Task<SagaConsumeContext<TSaga, T>> CreateSagaConsumeContext<T>(DbContext context, ConsumeContext<T> consumeContext, TSaga instance,
        SagaConsumeContextMode mode)
        where T : class
    {
        var scope = consumeContext.TryGetPayload<DbContext>(out var existing) && ReferenceEquals(existing, context)
            ? consumeContext
            : new ConsumeContextScope<T>(consumeContext, context);

        return Task.FromResult<SagaConsumeContext<TSaga, T>>(new DefaultSagaConsumeContext<TSaga, T>(scope, instance));
    }
}
