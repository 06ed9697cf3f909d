using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Cli;

/// <summary>
/// Where the tool's settings come from, in rising priority: the settings file, the environment (keys as the services read
/// them), the command-line options. Each test points the database or broker at something unreachable and reads which one
/// the error names. (The assembly's tests run one at a time, so a test may set process environment variables.)
/// </summary>
public sealed class CliSettingsTests
{
    const string DatabaseVariable = "Orchestrator__Database__ConnectionString";

    readonly string _directory = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}");

    [SetUp]
    public void CreateDirectory() => Directory.CreateDirectory(_directory);

    [TearDown]
    public void Clean()
    {
        Environment.SetEnvironmentVariable(DatabaseVariable, null);
        Environment.SetEnvironmentVariable("Saga__Transport__RabbitMq__Port", null);
        Environment.SetEnvironmentVariable("Saga__Transport__RabbitMq__Password", null);
        Directory.Delete(_directory, recursive: true);
    }

    [Test]
    public async Task The_environment_overrides_the_settings_file()
    {
        var settings = await SettingsFile("""{ "Orchestrator": { "Database": { "ConnectionString": "Data Source=from-file.db" } } }""");
        Assert.That((await SagaCliRunner.RunBareAsync("list", "--settings", settings)).Error, Does.Contain("from-file.db"));

        Environment.SetEnvironmentVariable(DatabaseVariable, $"Data Source={Path.Combine(_directory, "from-environment.db")}");
        var run = await SagaCliRunner.RunBareAsync("list", "--settings", settings);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain("from-environment.db"));
    }

    [Test]
    public async Task A_command_line_option_overrides_the_environment()
    {
        Environment.SetEnvironmentVariable(DatabaseVariable, $"Data Source={Path.Combine(_directory, "from-environment.db")}");

        var run = await SagaCliRunner.RunBareAsync("stats", "--connection-string", $"Data Source={Path.Combine(_directory, "from-option.db")}");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain("from-option.db"));
    }

    [Test]
    public async Task Broker_settings_and_password_come_from_the_environment_and_the_password_is_never_shown()
    {
        var port = FreeTcpPort.Find();
        Environment.SetEnvironmentVariable("Saga__Transport__RabbitMq__Port", $"{port}");
        Environment.SetEnvironmentVariable("Saga__Transport__RabbitMq__Password", "env-Passw0rd");

        var run = await SagaCliRunner.RunBareAsync("errors", "--rabbitmq-host", "127.0.0.1", "--rabbitmq-user", "operator");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain($"RabbitMQ at 127.0.0.1:{port} (virtual host '/', user 'operator')").And.Not.Contain("env-Passw0rd"));
    }

    [Test]
    public async Task A_setting_of_the_wrong_type_exits_2_naming_it()
    {
        Environment.SetEnvironmentVariable("Saga__Transport__RabbitMq__Port", "not-a-port");

        var run = await SagaCliRunner.RunBareAsync("errors");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain("Saga:Transport:RabbitMq:Port"));
    }

    async Task<string> SettingsFile(string json)
    {
        var file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
