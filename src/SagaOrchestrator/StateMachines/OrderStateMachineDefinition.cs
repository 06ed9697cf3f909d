using MassTransit;
using Saga.Contracts;
using Saga.Persistence;
using Saga.Persistence.Retry;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The order saga's receive endpoint: concurrency conflicts and transient database errors are retried with fresh state,
/// each message goes through the saga's transactional inbox (a redelivered message takes effect once), and what the saga
/// sends, publishes or schedules is stored with its state and delivered after the commit. With <c>Orchestrator:Outbox:Enabled</c>
/// off (the benchmark baseline) MassTransit's in-memory outbox takes their place.
/// </summary>
public sealed class OrderStateMachineDefinition : SagaDefinition<OrderState>
{
    public OrderStateMachineDefinition()
    {
        Endpoint(e => e.Name = QueueNames.Orders);
    }

    protected override void ConfigureSaga(IReceiveEndpointConfigurator endpointConfigurator, ISagaConfigurator<OrderState> sagaConfigurator,
        IRegistrationContext context)
    {
        endpointConfigurator.UseTransientFaultRetry();
        sagaConfigurator.UseConfiguredOutbox<OrderSagaDbContext, OrderState>(endpointConfigurator, context);
    }
}
