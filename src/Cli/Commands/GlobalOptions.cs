using System.CommandLine;
using Saga.Persistence.Dialects;

namespace Saga.Cli.Commands;

/// <summary>
/// Options every command takes (recursive, so they go before or after the command name): where the settings come from,
/// overrides for the common connection settings, and the output format.
/// </summary>
public sealed class GlobalOptions
{
    public Option<FileInfo?> Settings { get; } = new("--settings")
    {
        Description = "A JSON settings file in the services' shape (e.g. the orchestrator's appsettings.json)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write one JSON document instead of tables",
        Recursive = true,
    };

    public Option<DatabaseProvider?> Provider { get; } = new("--provider")
    {
        Description = "Orchestrator:Database:Provider (the --service's Database with outbox): Sqlite, PostgreSql or SqlServer",
        Recursive = true,
    };

    public Option<string?> ConnectionString { get; } = new("--connection-string")
    {
        Description = "Orchestrator:Database:ConnectionString, or the --service's with outbox (prefer the environment for one with a password)",
        HelpName = "TEXT",
        Recursive = true,
    };

    public Option<string?> Schema { get; } = new("--schema")
    {
        Description = "Orchestrator:Database:Schema, or the --service's with outbox (PostgreSQL and SQL Server)",
        HelpName = "NAME",
        Recursive = true,
    };

    public Option<string?> RabbitMqHost { get; } = new("--rabbitmq-host")
    {
        Description = "Saga:Transport:RabbitMq:Host",
        HelpName = "HOST",
        Recursive = true,
    };

    public Option<int?> RabbitMqPort { get; } = new("--rabbitmq-port")
    {
        Description = "Saga:Transport:RabbitMq:Port",
        HelpName = "PORT",
        Recursive = true,
    };

    public Option<string?> RabbitMqVirtualHost { get; } = new("--rabbitmq-vhost")
    {
        Description = "Saga:Transport:RabbitMq:VirtualHost",
        HelpName = "VHOST",
        Recursive = true,
    };

    public Option<string?> RabbitMqUser { get; } = new("--rabbitmq-user")
    {
        Description = "Saga:Transport:RabbitMq:Username (the password only from the settings or Saga__Transport__RabbitMq__Password)",
        HelpName = "USER",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Settings);
        root.Add(Json);
        root.Add(Provider);
        root.Add(ConnectionString);
        root.Add(Schema);
        root.Add(RabbitMqHost);
        root.Add(RabbitMqPort);
        root.Add(RabbitMqVirtualHost);
        root.Add(RabbitMqUser);
    }
}
