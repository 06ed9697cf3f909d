using Saga.Hosting.Services;
using Saga.SagaOrchestrator.Configuration;

// `run` (the default) and `migrate`; the embedded demo is its own project, src/Demo.
return await ServiceCommandLine.RunAsync("SagaOrchestrator", args, OrchestratorService.Configure);
