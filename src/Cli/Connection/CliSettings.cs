using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Saga.Cli.Commands;
using Saga.Settings.Database;
using Saga.Settings.Transport;

namespace Saga.Cli.Connection;

/// <summary>
/// The transport and the orchestrator's database, bound to the services' own option types from the same keys the services
/// read, in rising priority: the CLI's defaults, <c>--settings FILE</c>, environment variables (<c>Saga__Transport__…</c>,
/// <c>Orchestrator__Database__…</c>), and the command-line options.
/// </summary>
public sealed class CliSettings
{
    /// <summary>The orchestrator's database section (<c>OrderSagaRegistration.DatabaseSection</c>; a test keeps them equal).</summary>
    public const string DatabaseSection = "Orchestrator:Database";

    /// <summary>The orchestrator's SQLite file when nothing else is configured, as the orchestrator itself defaults.</summary>
    public const string DefaultSqliteFile = "orchestrator.db";

    CliSettings(TransportOptions transport, DatabaseOptions database)
    {
        Transport = transport;
        Database = database;
    }

    public TransportOptions Transport { get; }

    public DatabaseOptions Database { get; }

    public static CliSettings Load(ParseResult parseResult, GlobalOptions globals) =>
        Load(parseResult, globals, DatabaseSection, DefaultSqliteFile);

    /// <summary>
    /// The settings with the database read from <paramref name="databaseSection"/> (a participant's
    /// <c>Participants:{Name}:Database</c>, say), which <c>--provider</c>, <c>--connection-string</c> and <c>--schema</c> then override.
    /// </summary>
    public static CliSettings Load(ParseResult parseResult, GlobalOptions globals, string databaseSection, string defaultSqliteFile)
    {
        var builder = new ConfigurationBuilder()
            // The services default to the in-memory transport, which nothing outside their process can reach: the CLI talks to RabbitMQ.
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{TransportOptions.Section}:Kind"] = nameof(TransportKind.RabbitMq) });

        if (parseResult.GetValue(globals.Settings) is { } file)
        {
            if (!file.Exists)
                throw new CliException(ExitCodes.Usage, $"settings file {file.FullName} not found (--settings)");
            builder.AddJsonFile(file.FullName, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables();
        builder.AddInMemoryCollection(Overrides(parseResult, globals, databaseSection));

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot read the settings: {e.Message}", e);
        }

        var transport = Bind<TransportOptions>(configuration, TransportOptions.Section);
        var database = Bind<DatabaseOptions>(configuration, databaseSection);
        DatabaseDefaults.Apply(database, defaultSqliteFile);
        Validate(transport, database, databaseSection);
        return new CliSettings(transport, database);
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

    static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the value: "Failed to convert configuration value '…' at '…'".
            throw new CliException(ExitCodes.Usage, $"invalid setting: {e.Message}", e);
        }
    }

    static void Validate(TransportOptions transport, DatabaseOptions database, string databaseSection)
    {
        if (database.Schema is { } schema && !DatabaseSchemaName.IsValid(schema))
            throw new CliException(ExitCodes.Usage, $"invalid setting: {databaseSection}:Schema '{schema}' must be a plain identifier (letters, digits, underscores)");
        if (!Enum.IsDefined(database.Provider))
            throw new CliException(ExitCodes.Usage, $"invalid setting: {databaseSection}:Provider must be Sqlite, PostgreSql or SqlServer");
        if (transport.RabbitMq.Port is < 1 or > 65535)
            throw new CliException(ExitCodes.Usage, $"invalid setting: {TransportOptions.Section}:RabbitMq:Port must be between 1 and 65535");
        if (TransportOptionsValidator.ClusterNodeFailures(transport.RabbitMq).FirstOrDefault() is { } clusterNodes)
            throw new CliException(ExitCodes.Usage, $"invalid setting: {clusterNodes}");
    }
}
