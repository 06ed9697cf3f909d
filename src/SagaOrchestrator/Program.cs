using Saga.Hosting.Services;
using Saga.SagaOrchestrator.Configuration;
using Saga.SagaOrchestrator.Demo;

// `demo` runs everything in one process; `run` (the default) and `migrate` are the orchestrator service.
if (args is ["demo", .. var demoArgs])
    return await DemoCommand.RunAsync(demoArgs);

return await ServiceCommandLine.RunAsync("SagaOrchestrator", args, OrchestratorService.Configure);
