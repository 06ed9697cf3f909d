using MassTransit;
using Saga.Contracts;
using Saga.Persistence.Retry;

namespace Saga.SagaOrchestrator.StateMachines;

/// <summary>
/// The order saga's receive endpoint: concurrency conflicts and transient database errors are retried with fresh state,
/// and messages the saga sends or publishes leave only once its state is saved.
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
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
