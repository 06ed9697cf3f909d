using MassTransit;
using Microsoft.Extensions.Configuration;
using Saga.Hosting.Services;
using Saga.Hosting.Transport;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Demo;

// `demo` runs everything in one process; `run` (the default) and `migrate` are the orchestrator service.
if (args is ["demo", .. var demoArgs])
    return await DemoCommand.RunAsync(demoArgs);

return await ServiceCommandLine.RunAsync("SagaOrchestrator", args, builder =>
{
    var transport = builder.Configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();
    var orchestrator = builder.Configuration.GetSection(OrderSagaOptions.Section).Get<OrderSagaOptions>() ?? new OrderSagaOptions();

    builder.Services.AddOrderSagaDatabase(builder.Configuration);
    builder.Services.AddMassTransit(x =>
    {
        x.AddOrderSaga(orchestrator.ConcurrencyMode);
        x.UsingConfiguredTransport(transport);
    });
});
