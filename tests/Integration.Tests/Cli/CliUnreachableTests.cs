using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Cli;

/// <summary>
/// A broker or database that cannot be reached ends the command with exit code 3 and one line that names the host and
/// port and the setting to check, and never the password.
/// </summary>
public sealed class CliUnreachableTests
{
    const string Password = "s3cret-Passw0rd";

    [TestCase("errors")]
    [TestCase("cancel", "7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    [TestCase("retry", "7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    [TestCase("submit", "--customer", "C", "--currency", "EUR", "--item", "SKU:1:1", "--ship-to", "a", "b", "c", "DE")]
    public async Task An_unreachable_broker_exits_3_naming_host_port_and_setting(params string[] command)
    {
        var port = FreeTcpPort.Find();
        var settings = await SettingsFile($$"""{ "Saga": { "Transport": { "Kind": "RabbitMq", "RabbitMq": { "Username": "saga", "Password": "{{Password}}" } } } }""");
        try
        {
            var run = await SagaCliRunner.RunBareAsync([.. command, "--settings", settings, "--rabbitmq-host", "127.0.0.1", "--rabbitmq-port", $"{port}"]);

            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
            Assert.That(run.Error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line");
            Assert.That(run.Error, Does.Contain($"RabbitMQ at 127.0.0.1:{port}").And.Contain("Saga:Transport:RabbitMq:Host").And.Not.Contain(Password));
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [TestCase("status", "7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    [TestCase("list")]
    [TestCase("stats")]
    public async Task An_unreachable_postgresql_exits_3_naming_the_server_and_setting(params string[] command)
    {
        var port = FreeTcpPort.Find();
        var run = await SagaCliRunner.RunBareAsync([.. command, "--provider", "PostgreSql",
            "--connection-string", $"Host=127.0.0.1;Port={port};Database=orchestrator;Username=saga;Password={Password};Timeout=5"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain($"host=127.0.0.1;port={port};database=orchestrator").And.Contain("Orchestrator:Database:ConnectionString")
            .And.Not.Contain(Password));
    }

    [Test]
    public async Task A_missing_sqlite_file_exits_3_and_is_not_created()
    {
        var path = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.db");

        var run = await SagaCliRunner.RunBareAsync("list", "--connection-string", $"Data Source={path}", "--json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain(path).And.Contain("Orchestrator:Database:ConnectionString"));
        Assert.That(run.Json().GetProperty("exitCode").GetInt32(), Is.EqualTo(ExitCodes.Unreachable), "--json still writes one document");
        Assert.That(File.Exists(path), Is.False, "the CLI opens the database read-only");
    }

    [Test]
    public async Task A_database_without_the_saga_views_exits_3_saying_to_migrate()
    {
        var path = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.db");
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE unrelated (id INTEGER)";
            await create.ExecuteNonQueryAsync();
        }

        try
        {
            var run = await SagaCliRunner.RunBareAsync("stats", "--connection-string", $"Data Source={path};Pooling=false");

            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
            Assert.That(run.Error, Does.Contain("no saga_overview/saga_history views").And.Contain("migrate"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    static async Task<string> SettingsFile(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
