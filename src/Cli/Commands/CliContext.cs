using System.CommandLine;
using Saga.Cli.Output;
using Saga.Operations;

namespace Saga.Cli.Commands;

/// <summary>What a running command needs: its parsed values, the output, and the settings (read on first use).</summary>
public sealed class CliContext(ParseResult parseResult, GlobalOptions globals, CancellationToken cancellationToken)
{
    OperatorSettings? _settings;

    public ParseResult ParseResult { get; } = parseResult;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TextWriter Output => ParseResult.InvocationConfiguration.Output;

    public TextWriter Error => ParseResult.InvocationConfiguration.Error;

    public bool Json => ParseResult.GetValue(globals.Json);

    public OperatorSettings Settings => _settings ??= CliConfiguration.Load(ParseResult, globals);

    /// <summary>The settings with the database of <paramref name="databaseSection"/> instead of the orchestrator's.</summary>
    public OperatorSettings SettingsFor(string databaseSection, string defaultSqliteFile) =>
        CliConfiguration.Load(ParseResult, globals, databaseSection, defaultSqliteFile);

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary>Writes <paramref name="document"/> as JSON with <c>--json</c>, otherwise what <paramref name="writeText"/> writes.</summary>
    public Task WriteAsync(object document, Action<TextWriter> writeText)
    {
        if (Json)
            return JsonOutput.WriteAsync(Output, document);
        writeText(Output);
        return Task.CompletedTask;
    }
}
