using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;

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
        endpointConfigurator.UseMessageRetry(r =>
        {
            // DbUpdateException covers optimistic concurrency conflicts and duplicate inserts; DbException the provider's transient errors.
            r.Handle<DbUpdateException>();
            r.Handle<DbException>();
            r.Intervals(0, 0, 10, 50, 100, 250, 500, 1000, 2000);
        });
        endpointConfigurator.UseInMemoryOutbox(context);
    }
}
