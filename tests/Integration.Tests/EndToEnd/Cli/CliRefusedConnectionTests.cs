using Npgsql;
using Saga.Cli;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// Servers that are up but refuse the CLI (wrong credentials, no such virtual host or database): exit code 3 and a line
/// that names the setting to check, never the password.
/// </summary>
public sealed class CliRefusedConnectionTests
{
    const string WrongPassword = "wrong-Passw0rd";

    [Test]
    public async Task RabbitMQ_refusing_the_credentials_names_the_user_and_password_settings()
    {
        var settings = await SettingsFile($$"""{ "Saga": { "Transport": { "RabbitMq": { "Password": "{{WrongPassword}}" } } } }""");
        try
        {
            var run = await SagaCliRunner.RunBareAsync("errors", "--settings", settings, "--rabbitmq-host", Servers.Rabbit.Host,
                "--rabbitmq-port", $"{Servers.Rabbit.Port}", "--rabbitmq-user", Servers.Rabbit.Username);

            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
            Assert.That(run.Error, Does.Contain("refused the credentials").And.Contain("Saga:Transport:RabbitMq:Password").And.Not.Contain(WrongPassword));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Test]
    public async Task RabbitMQ_without_the_virtual_host_names_the_virtual_host_setting()
    {
        var settings = await SettingsFile($$"""{ "Saga": { "Transport": { "RabbitMq": { "Password": "{{Servers.Rabbit.Password}}" } } } }""");
        try
        {
            var run = await SagaCliRunner.RunBareAsync("errors", "--settings", settings, "--rabbitmq-host", Servers.Rabbit.Host,
                "--rabbitmq-port", $"{Servers.Rabbit.Port}", "--rabbitmq-user", Servers.Rabbit.Username, "--rabbitmq-vhost", "no-such-vhost");

            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
            Assert.That(run.Error, Does.Contain("virtual host 'no-such-vhost'").And.Contain("Saga:Transport:RabbitMq:VirtualHost"));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Test]
    public async Task PostgreSQL_refusing_the_password_exits_3_without_showing_it()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Servers.Postgres.ConnectionString("postgres")) { Password = WrongPassword }.ConnectionString;

        var run = await SagaCliRunner.RunBareAsync("list", "--provider", "PostgreSql", "--connection-string", connectionString);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain($"port={Servers.Postgres.Port}").And.Contain("Orchestrator:Database:ConnectionString").And.Not.Contain(WrongPassword));
    }

    [Test]
    public async Task A_postgresql_database_without_the_saga_views_says_to_migrate()
    {
        var database = await Servers.Postgres.CreateDatabaseAsync();

        var run = await SagaCliRunner.RunBareAsync("stats", "--provider", "PostgreSql", "--connection-string", database);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain("no saga_overview/saga_history views").And.Contain("migrate"));
    }

    static async Task<string> SettingsFile(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
