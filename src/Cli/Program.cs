using Saga.Cli;

// Everything is in SagaCli so that the tests run the same entry point in-process, with their own output writers.
return await SagaCli.RunAsync(args, Console.Out, Console.Error);
