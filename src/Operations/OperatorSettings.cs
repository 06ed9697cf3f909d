using Microsoft.Extensions.Configuration;
using Saga.Operations.Outbox;
using Saga.Settings.Database;
using Saga.Settings.Transport;

namespace Saga.Operations;

/// <summary>
/// The transport and a service's database (the orchestrator's unless told), bound to the services' own option types from
/// the keys the services read, with their defaults, and validated: a wrong setting is an
/// <see cref="OperationException"/> of kind <see cref="OperationFailure.InvalidSetting"/> naming the key. Where the
/// configuration comes from (a settings file, the environment, command-line options) is the caller's business.
/// </summary>
public sealed class OperatorSettings
{
    /// <summary>The orchestrator's database section (<c>OrderSagaRegistration.DatabaseSection</c>; a test keeps them equal).</summary>
    public const string OrchestratorDatabaseSection = "Orchestrator:Database";

    /// <summary>The orchestrator's SQLite file when nothing else is configured, as the orchestrator itself defaults.</summary>
    public const string OrchestratorSqliteFile = "orchestrator.db";

    /// <summary>The name the broker shows for the operator's connections unless the caller names them.</summary>
    public const string DefaultClientName = "saga-operator";

    readonly IConfiguration _configuration;

    OperatorSettings(IConfiguration configuration, TransportOptions transport, DatabaseOptions database, string databaseSection,
        string clientName)
    {
        _configuration = configuration;
        Transport = transport;
        Database = database;
        DatabaseSection = databaseSection;
        ClientName = clientName;
    }

    public TransportOptions Transport { get; }

    public DatabaseOptions Database { get; }

    /// <summary>Where <see cref="Database"/> came from, named in the messages about it.</summary>
    public string DatabaseSection { get; }

    /// <summary>The connection name the broker shows for this tool (its management UI lists connections by it).</summary>
    public string ClientName { get; }

    /// <summary>
    /// The settings in <paramref name="configuration"/>, with the database of <paramref name="databaseSection"/>
    /// (a participant's <c>Participants:{Name}:Database</c>, say) and the SQLite file that service defaults to.
    /// </summary>
    public static OperatorSettings From(IConfiguration configuration, string databaseSection = OrchestratorDatabaseSection,
        string defaultSqliteFile = OrchestratorSqliteFile, string clientName = DefaultClientName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var transport = Bind<TransportOptions>(configuration, TransportOptions.Section);
        // The services default to the in-memory transport, which nothing outside their process can reach: an operator
        // talks to RabbitMQ unless the settings say otherwise.
        if (configuration[$"{TransportOptions.Section}:Kind"] is null)
            transport.Kind = TransportKind.RabbitMq;
        var database = Bind<DatabaseOptions>(configuration, databaseSection);
        DatabaseDefaults.Apply(database, defaultSqliteFile);
        Validate(transport, database, databaseSection);
        return new OperatorSettings(configuration, transport, database, databaseSection, clientName);
    }

    /// <summary>The same settings with the database of another section (another service's).</summary>
    public OperatorSettings WithDatabase(string databaseSection, string defaultSqliteFile) =>
        From(_configuration, databaseSection, defaultSqliteFile, ClientName);

    /// <summary>The same settings with <paramref name="service"/>'s database, with the defaults that service uses.</summary>
    public OperatorSettings For(OutboxService service) => WithDatabase(service.DatabaseSection, service.DefaultSqliteFile);

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
            throw new OperationException(OperationFailure.InvalidSetting, $"invalid setting: {e.Message}", e);
        }
    }

    static void Validate(TransportOptions transport, DatabaseOptions database, string databaseSection)
    {
        if (database.Schema is { } schema && !DatabaseSchemaName.IsValid(schema))
            throw Invalid($"{databaseSection}:Schema '{schema}' must be a plain identifier (letters, digits, underscores)");
        if (!Enum.IsDefined(database.Provider))
            throw Invalid($"{databaseSection}:Provider must be Sqlite, PostgreSql or SqlServer");
        if (transport.RabbitMq.Port is < 1 or > 65535)
            throw Invalid($"{TransportOptions.Section}:RabbitMq:Port must be between 1 and 65535");
        if (TransportOptionsValidator.ClusterNodeFailures(transport.RabbitMq).FirstOrDefault() is { } clusterNodes)
            throw Invalid(clusterNodes);
    }

    static OperationException Invalid(string problem) => new(OperationFailure.InvalidSetting, $"invalid setting: {problem}");
}
