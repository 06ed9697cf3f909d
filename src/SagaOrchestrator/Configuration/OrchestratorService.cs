using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Contracts;
using Saga.Hosting.Operations;
using Saga.Hosting.Telemetry;
using Saga.Persistence.Outbox;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;
using Saga.Settings.Transport;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>The orchestrator service: the order saga on the configured transport and database.</summary>
public static class OrchestratorService
{
    public static void Configure(HostApplicationBuilder builder)
    {
        var transport = builder.Configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();
        var orchestrator = builder.Configuration.GetSection(OrderSagaOptions.Section).Get<OrderSagaOptions>() ?? new OrderSagaOptions();

        builder.Services.AddOptions<OrderSagaOptions>().Bind(builder.Configuration.GetSection(OrderSagaOptions.Section)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OrderSagaOptions>, OrderSagaOptionsValidator>();

        // The state machine takes its deadlines as a plain value, read from the validated settings.
        builder.Services.AddSingleton(provider => provider.GetRequiredService<IOptions<OrderSagaOptions>>().Value.StepTimeouts.ToDeadlines());
        // And the flow new orders start on, likewise.
        builder.Services.AddSingleton(provider => OrderFlows.Of(provider.GetRequiredService<IOptions<OrderSagaOptions>>().Value.DefinitionVersion));

        builder.Services.AddOrderSagaDatabase(builder.Configuration);
        builder.Services.AddSingleton<IValidateOptions<TransactionalOutboxOptions<OrderSagaDbContext>>>(new OutboxLeaseDeadlineValidator(orchestrator.StepTimeouts));
        builder.AddOperationsListener("http://127.0.0.1:8081");
        builder.AddOperatorConsoleOnOperationsListener();
        builder.Services.AddMessageKey(new MessageKey(OrderTelemetry.OrderIdProperty, OrderTelemetry.OrderIdTag, OrderTelemetry.LogScope));
        var quorumQueues = transport is { Kind: TransportKind.RabbitMq, RabbitMq.QuorumQueues: true };
        // With quorum queues the orchestrator sends to the exchanges in front of these queues; it declares the queues
        // behind them itself, so that a command sent before a participant (or its own scheduler endpoint) first started
        // waits there instead of coming back.
        builder.Services.AddQueueProvisioning([.. OrderSteps.All.Select(step => step.Queue).Distinct(), OrderSagaRegistration.SchedulerQueue]);

        // Hosted services start in order: after the migrations (ServiceHostBuilder), before the bus (AddMassTransit).
        if (orchestrator.SagaRepository == SagaRepositoryKind.EntityFrameworkCore)
            builder.Services.AddHostedService<InFlightFlowCheck>();

        builder.Services.AddMassTransit(x =>
        {
            x.AddConfiguredOrderSaga(orchestrator, quorumQueues ? ParticipantAddresses.Exchanges : ParticipantAddresses.Queues);
            if (orchestrator.SagaRepository == SagaRepositoryKind.InMemory)
            {
                // The benchmark baseline has no durable scheduler to point the bus at: its sagas run without step deadlines.
                x.UsingConfiguredTransport(transport);
                return;
            }

            x.UsingConfiguredTransport(transport,
                (_, cfg) => cfg.UseMessageScheduler(OrderSagaRegistration.SchedulerAddress(quorumQueues)));
        });
    }
}
