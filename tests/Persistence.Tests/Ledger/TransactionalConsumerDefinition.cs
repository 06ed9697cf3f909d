using MassTransit;
using Saga.Persistence.Tests.Support;

namespace Saga.Persistence.Tests.Ledger;

/// <summary>
/// Runs a ledger consumer through the transactional outbox and inbox of <see cref="LedgerDbContext"/>, with immediate
/// retries outside it so that every attempt is a transaction of its own.
/// </summary>
public sealed class TransactionalConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    readonly StateBeforeRetry _stateBeforeRetry;

    public TransactionalConsumerDefinition(StateBeforeRetry stateBeforeRetry)
    {
        _stateBeforeRetry = stateBeforeRetry;

        // Room for the ten concurrent copies of one message a test sends; the in-memory endpoint's default is one per CPU.
        Endpoint(endpoint =>
        {
            endpoint.ConcurrentMessageLimit = 16;
            endpoint.PrefetchCount = 16;
        });
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseFilter(new ConsumeFlowMarker());
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.Immediate(5);
            r.ConnectRetryObserver(_stateBeforeRetry);
        });
        consumerConfigurator.UseTransactionalOutbox<LedgerDbContext, TConsumer>(endpointConfigurator, context);
    }
}
