using System.CommandLine;
using Saga.Cli.Output;

namespace Saga.Cli.Commands;

/// <summary>Runs a command's body and turns a <see cref="CliException"/> into its one-line message and exit code.</summary>
public static class CommandRunner
{
    public static void SetAction(this Command command, GlobalOptions globals, Func<CliContext, Task<int>> body) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(new CliContext(parseResult, globals, cancellationToken), body));

    static async Task<int> RunAsync(CliContext context, Func<CliContext, Task<int>> body)
    {
        try
        {
            return await body(context);
        }
        catch (CliException failure)
        {
            await context.Error.WriteLineAsync($"saga: {failure.Message}");
            // A script reading --json output gets one document in every case, the failure included.
            if (context.Json)
                await JsonOutput.WriteAsync(context.Output, new { error = failure.Message, exitCode = failure.ExitCode });
            return failure.ExitCode;
        }
    }
}
