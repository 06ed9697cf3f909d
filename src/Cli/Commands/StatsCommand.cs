using System.CommandLine;
using System.Globalization;
using Saga.Cli.Output;
using Saga.Cli.Parsing;
using Saga.Operations.Connection;
using Saga.Operations.Sagas;

namespace Saga.Cli.Commands;

/// <summary><c>saga stats</c>: how many orders are in each state, and how many completed per minute lately.</summary>
public static class StatsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var minutes = CliOptions.Number("--minutes", "Completions per minute over this many minutes", 60, 1, 7 * 24 * 60);
        var command = new Command("stats", "Orders per state and completions per minute") { minutes };
        command.SetAction(globals, context => RunAsync(context, context.Value(minutes)));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, int minutes)
    {
        await using var database = await SagaDatabase.OpenAsync(context.Settings, context.CancellationToken);
        var stats = await new SagaQueries(database).StatsAsync(minutes, DateTime.UtcNow, context.CancellationToken);
        await context.WriteAsync(stats, output => Write(output, stats));
        return ExitCodes.Ok;
    }

    static void Write(TextWriter output, SagaStats stats)
    {
        var states = new Table(new Column("state"), new Column("orders", AlignRight: true));
        foreach (var state in stats.States)
            states.Add(state.State, Formats.Count(state.Count));
        states.Add("total", Formats.Count(stats.Total));
        states.Write(output);

        output.WriteLine();
        var perMinute = (double)stats.Completed / stats.Minutes;
        output.WriteLine($"completed in the last {stats.Minutes} min: {stats.Completed} " +
                         $"({perMinute.ToString("0.##", CultureInfo.InvariantCulture)} per minute on average)");
        if (stats.CompletionsPerMinute.Count == 0)
            return;

        var minutes = new Table(new Column("minute (UTC)"), new Column("completed", AlignRight: true));
        foreach (var minute in stats.CompletionsPerMinute)
            minutes.Add(minute.Minute.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), Formats.Count(minute.Count));
        minutes.Write(output);
    }
}
