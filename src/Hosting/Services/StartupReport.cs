using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;
using Saga.Settings.Transport;

namespace Saga.Hosting.Services;

/// <summary>Logs where the service is connected once it starts: transport and databases, never a password.</summary>
public sealed partial class StartupReport(IOptions<TransportOptions> transport, IEnumerable<DatabaseRegistration> databases,
    IOptionsMonitor<DatabaseOptions> databaseOptions, ILogger<StartupReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogTransport(logger, TransportDescription.Of(transport.Value));
        foreach (var database in databases)
        {
            var settings = databaseOptions.Get(database.Section);
            LogDatabase(logger, database.Section, settings.Provider, ConnectionStringDescription.Of(settings), SchemaDescription(settings));
            SqliteSchemaNotice.LogIfIgnored(logger, database.Section, settings);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Messaging through {Transport}")]
    static partial void LogTransport(ILogger logger, string transport);

    static string SchemaDescription(DatabaseOptions settings) => settings switch
    {
        { Provider: DatabaseProvider.Sqlite } => "no schema",
        { Schema: { Length: > 0 } schema } => $"schema {schema}",
        _ => "the default schema",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Section}: {Provider} {Database}, {Schema}")]
    static partial void LogDatabase(ILogger logger, string section, DatabaseProvider provider, string database, string schema);
}
