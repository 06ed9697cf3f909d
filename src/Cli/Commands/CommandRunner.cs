using System.CommandLine;
using Saga.Cli.Output;
using Saga.Operations;

namespace Saga.Cli.Commands;

/// <summary>
/// Runs a command's body and turns a <see cref="CliException"/>, or an <see cref="OperationException"/> of the shared
/// library, into its one-line message and exit code.
/// </summary>
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
            return await FailAsync(context, failure.Message, failure.ExitCode);
        }
        catch (OperationException failure)
        {
            return await FailAsync(context, failure.Message, ExitCodeOf(failure.Kind));
        }
    }

    public static int ExitCodeOf(OperationFailure kind) => kind switch
    {
        OperationFailure.InvalidSetting => ExitCodes.Usage,
        OperationFailure.Unreachable => ExitCodes.Unreachable,
        OperationFailure.Timeout => ExitCodes.Timeout,
        _ => ExitCodes.Failed,
    };

    static async Task<int> FailAsync(CliContext context, string message, int exitCode)
    {
        await context.Error.WriteLineAsync($"saga: {message}");
        // A script reading --json output gets one document in every case, the failure included.
        if (context.Json)
            await JsonOutput.WriteAsync(context.Output, new { error = message, exitCode });
        return exitCode;
    }
}
