using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Saga.Operations;
using Saga.Settings.Transport;

namespace Saga.Cli.Commands;

/// <summary>
/// The CLI's configuration, in rising priority: <c>--settings FILE</c>, environment variables (<c>Saga__Transport__…</c>,
/// <c>Orchestrator__Database__…</c>), and the command-line options; <see cref="OperatorSettings"/> binds, defaults and
/// validates it as the console does its own.
/// </summary>
public static class CliConfiguration
{
    /// <summary>The name the broker shows for the tool's connections.</summary>
    public const string ClientName = "saga-cli";

    /// <summary>
    /// The settings with the database read from <paramref name="databaseSection"/> (a participant's
    /// <c>Participants:{Name}:Database</c>, say), which <c>--provider</c>, <c>--connection-string</c> and <c>--schema</c> then override.
    /// </summary>
    public static OperatorSettings Load(ParseResult parseResult, GlobalOptions globals,
        string databaseSection = OperatorSettings.OrchestratorDatabaseSection, string defaultSqliteFile = OperatorSettings.OrchestratorSqliteFile) =>
        OperatorSettings.From(Build(parseResult, globals, databaseSection), databaseSection, defaultSqliteFile, ClientName);

    /// <summary>The configuration itself, for a command that reads more than the operator's settings (<c>console</c> reads <c>Console:…</c>).</summary>
    public static IConfiguration Build(ParseResult parseResult, GlobalOptions globals, string databaseSection = OperatorSettings.OrchestratorDatabaseSection)
    {
        var builder = new ConfigurationBuilder();
        if (parseResult.GetValue(globals.Settings) is { } file)
        {
            if (!file.Exists)
                throw new CliException(ExitCodes.Usage, $"settings file {file.FullName} not found (--settings)");
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(Overrides(parseResult, globals, databaseSection));
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read the settings: {e.Message}", e);
        }
    }

    static Dictionary<string, string?> Overrides(ParseResult parseResult, GlobalOptions globals, string databaseSection)
    {
        var overrides = new Dictionary<string, string?>();
        void Set(string key, string? value)
        {
            if (value is not null)
                overrides[key] = value;
        }

        const string rabbit = TransportOptions.Section + ":RabbitMq:";
        Set($"{databaseSection}:Provider", parseResult.GetValue(globals.Provider)?.ToString());
        Set($"{databaseSection}:ConnectionString", parseResult.GetValue(globals.ConnectionString));
        Set($"{databaseSection}:Schema", parseResult.GetValue(globals.Schema));
        Set(rabbit + "Host", parseResult.GetValue(globals.RabbitMqHost));
        Set(rabbit + "Port", parseResult.GetValue(globals.RabbitMqPort)?.ToString(CultureInfo.InvariantCulture));
        Set(rabbit + "VirtualHost", parseResult.GetValue(globals.RabbitMqVirtualHost));
        Set(rabbit + "Username", parseResult.GetValue(globals.RabbitMqUser));
        return overrides;
    }
}
