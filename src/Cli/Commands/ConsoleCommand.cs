using System.CommandLine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Hosting;

namespace Saga.Cli.Commands;

/// <summary>
/// <c>saga console</c>: serves the saga console (docs/console.md) with the tool's settings plus the <c>Console</c>
/// section, on loopback unless told otherwise, until Ctrl+C or SIGTERM. The address it listens on is the one line it
/// writes to the output; its log (sign-ins, actions) goes to the error output.
/// </summary>
public static class ConsoleCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var url = new Option<string?>("--url")
        {
            Description = "Where to listen (Console:Url, default http://127.0.0.1:8090); an address other machines can reach needs Console:Operators",
            HelpName = "URL",
        };
        var actions = new Option<bool>("--actions")
        {
            Description = "Let signed-in operators cancel orders, retry compensations and move error messages (Console:ActionsEnabled)",
        };
        var command = new Command("console", "Serve the saga console: web pages of the orders, their timelines, the outboxes and the error queues")
        {
            url, actions,
        };
        command.SetAction(globals, context => RunAsync(context, globals, context.Value(url), context.Value(actions)));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, GlobalOptions globals, string? url, bool actions)
    {
        var configuration = CliConfiguration.Build(context.ParseResult, globals);
        RunningConsole console;
        try
        {
            console = await OperatorConsoleHost.StartAsync(configuration, options =>
            {
                if (url is not null)
                    options.Url = url;
                if (actions)
                    options.ActionsEnabled = true;
            }, logging => logging
                .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
                .AddSimpleConsole(console => console.SingleLine = true), context.CancellationToken);
        }
        catch (OptionsValidationException e)
        {
            throw new CliException(ExitCodes.Usage, $"invalid setting: {string.Join("; ", e.Failures)}", e);
        }
        catch (IOException e)
        {
            // Kestrel's "address already in use" and the like.
            throw new CliException(ExitCodes.Failed, $"cannot listen on {url ?? "the Console:Url"}: {e.Message}", e);
        }

        await using (console)
        {
            var options = console.Services.GetRequiredService<IOptions<OperatorConsoleOptions>>().Value;
            var access = options.ActionsEnabled ? "actions enabled for signed-in operators" : "read-only";
            await context.Output.WriteLineAsync($"Saga console listening on {console.Address} ({access}); Ctrl+C to stop");
            await context.Output.FlushAsync(context.CancellationToken);
            await console.RunUntilCancelledAsync(context.CancellationToken);
        }

        return ExitCodes.Ok;
    }
}
