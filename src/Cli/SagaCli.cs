using System.CommandLine;
using System.CommandLine.Invocation;
using Saga.Cli.Commands;

namespace Saga.Cli;

/// <summary>The <c>saga</c> command line: builds the commands, runs the one asked for, and maps parse errors to <see cref="ExitCodes.Usage"/>.</summary>
public static class SagaCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build();
        var result = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        if (result.Errors.Count > 0)
        {
            // The full help after every typo buries the error; the errors and the typo corrections are enough.
            if (result.Action is ParseErrorAction parseError)
                parseError.ShowHelp = false;
            await result.InvokeAsync(configuration, cancellationToken);
            await error.WriteLineAsync("Run 'saga --help' (or 'saga COMMAND --help') for usage.");
            return ExitCodes.Usage;
        }

        return await result.InvokeAsync(configuration, cancellationToken);
    }

    public static RootCommand Build()
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("Operate the order saga: submit and inspect orders, cancel them, retry failed compensations, " +
                                   "and look after the error queues and the dead outbox batches. Settings as the services read them (Saga:Transport, Orchestrator:Database).");
        globals.AddTo(root);
        root.Add(SubmitCommand.Create(globals));
        root.Add(StatusCommand.Create(globals));
        root.Add(ListCommand.Create(globals));
        root.Add(StatsCommand.Create(globals));
        root.Add(CancelCommand.Create(globals));
        root.Add(RetryCommand.Create(globals));
        root.Add(ErrorsCommand.Create(globals));
        root.Add(OutboxCommand.Create(globals));
        root.Add(ConsoleCommand.Create(globals));
        return root;
    }
}
