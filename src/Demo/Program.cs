using Saga.Demo;

// The whole system in one process: `dotnet run --project src/Demo -- [--orders N] [--data DIR] [--timeout SECONDS]`.
return await DemoCommand.RunAsync(args);
