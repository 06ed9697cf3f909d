using System.Text.RegularExpressions;
using Saga.TestInfrastructure;
using YamlDotNet.RepresentationModel;

namespace Saga.Deployment.Tests;

/// <summary>
/// <c>deploy/docker/docker-compose.yml</c> without a Docker engine (none runs here): its structure read with YamlDotNet,
/// every variable it gives a service checked against our settings, no secret but <c>${VAR}</c> references, and the whole
/// file validated by <c>docker-compose config</c> (Debian's docker-compose 1.29, which needs no engine for that).
/// </summary>
public sealed partial class ComposeFileTests
{
    static readonly string[] Instances = ["orchestrator-1", "orchestrator-2", "participants-1", "participants-2"];
    static readonly string[] SagaServices = [.. Instances, "orchestrator-migrate", "participants-migrate"];

    static YamlMappingNode Services => ComposeFile.Services;

    static YamlMappingNode Service(string name) => ComposeFile.Service(name);

    static string? Scalar(YamlMappingNode node, params string[] path) => ComposeFile.Scalar(node, path);

    static Dictionary<string, string> Environment(string service) => ComposeFile.Environment(service);

    [Test]
    public void Has_the_broker_nodes_the_database_their_setup_steps_the_migrations_and_two_instances_of_both_services()
    {
        Assert.That(ComposeFile.ServiceNames, Is.EquivalentTo(new[]
        {
            "rabbitmq-1", "rabbitmq-2", "rabbitmq-3", "rabbitmq-setup", "sqlserver", "sqlserver-init", "orchestrator-migrate", "participants-migrate",
            "participants-1", "participants-2", "orchestrator-1", "orchestrator-2",
        }));
        Assert.Multiple(() =>
        {
            foreach (var node in new[] { "rabbitmq-1", "rabbitmq-2", "rabbitmq-3" })
                Assert.That(Scalar(Service(node), "image"), Does.Match("^rabbitmq:[0-9.]+-management$"), node);
            Assert.That(Scalar(Service("sqlserver"), "image"), Does.StartWith("mcr.microsoft.com/mssql/server:"));
            foreach (var service in SagaServices)
            {
                Assert.That(Scalar(Service(service), "build", "dockerfile"), Is.EqualTo("deploy/docker/Dockerfile"), service);
                Assert.That(File.Exists(Path.Combine(DeployFiles.Path("docker"), Scalar(Service(service), "build", "context")!, "Saga.sln")), Is.True,
                    $"{service}: the build context is the repository root");
            }

            foreach (var instance in new[] { "orchestrator-1", "orchestrator-2" })
                Assert.That(Scalar(Service(instance), "build", "args", "SERVICE"), Is.EqualTo("SagaOrchestrator"), instance);
            foreach (var instance in new[] { "participants-1", "participants-2" })
                Assert.That(Scalar(Service(instance), "build", "args", "SERVICE"), Is.EqualTo("Participants"), instance);
            Assert.That(File.Exists(Path.Combine(DeployFiles.Root, "src/SagaOrchestrator/SagaOrchestrator.csproj")), Is.True);
            Assert.That(File.Exists(Path.Combine(DeployFiles.Root, "src/Participants/Participants.csproj")), Is.True);
        });
    }

    [TestCase("rabbitmq-1", "rabbitmq-diagnostics")]
    [TestCase("rabbitmq-2", "rabbitmq-diagnostics")]
    [TestCase("rabbitmq-3", "rabbitmq-diagnostics")]
    [TestCase("sqlserver", "sqlcmd")]
    [TestCase("orchestrator-1", "http://127.0.0.1:8081/health/ready")]
    [TestCase("orchestrator-2", "http://127.0.0.1:8081/health/ready")]
    [TestCase("participants-1", "http://127.0.0.1:8082/health/ready")]
    [TestCase("participants-2", "http://127.0.0.1:8082/health/ready")]
    public void Long_running_services_have_a_healthcheck(string service, string probe)
    {
        var test = Service(service).Children[new YamlScalarNode("healthcheck")] is YamlMappingNode healthcheck
            ? healthcheck.Children[new YamlScalarNode("test")]
            : null;

        Assert.That(test?.ToString(), Does.Contain(probe));
    }

    [Test]
    public void The_services_health_probe_is_the_operations_listener_they_are_told_to_open()
    {
        // Loopback inside each container: instances of a service may share the port, each in its own network namespace.
        foreach (var (service, url) in new[]
                 {
                     ("orchestrator-1", "http://127.0.0.1:8081"), ("orchestrator-2", "http://127.0.0.1:8081"),
                     ("participants-1", "http://127.0.0.1:8082"), ("participants-2", "http://127.0.0.1:8082"),
                 })
        {
            var environment = Environment(service);
            Assert.That(environment.GetValueOrDefault("Operations__Enabled"), Is.EqualTo("true"), service);
            Assert.That(environment.GetValueOrDefault("Operations__Url"), Is.EqualTo(url), service);
        }
    }

    [TestCase("rabbitmq-2", "rabbitmq-1", "service_healthy")]
    [TestCase("rabbitmq-3", "rabbitmq-1", "service_healthy")]
    [TestCase("rabbitmq-setup", "rabbitmq-1", "service_healthy")]
    [TestCase("rabbitmq-setup", "rabbitmq-2", "service_healthy")]
    [TestCase("rabbitmq-setup", "rabbitmq-3", "service_healthy")]
    [TestCase("sqlserver-init", "sqlserver", "service_healthy")]
    [TestCase("orchestrator-migrate", "sqlserver-init", "service_completed_successfully")]
    [TestCase("participants-migrate", "sqlserver-init", "service_completed_successfully")]
    [TestCase("participants-1", "rabbitmq-setup", "service_completed_successfully")]
    [TestCase("participants-1", "participants-migrate", "service_completed_successfully")]
    [TestCase("participants-2", "rabbitmq-setup", "service_completed_successfully")]
    [TestCase("participants-2", "participants-migrate", "service_completed_successfully")]
    [TestCase("orchestrator-1", "rabbitmq-setup", "service_completed_successfully")]
    [TestCase("orchestrator-1", "orchestrator-migrate", "service_completed_successfully")]
    [TestCase("orchestrator-2", "rabbitmq-setup", "service_completed_successfully")]
    [TestCase("orchestrator-2", "orchestrator-migrate", "service_completed_successfully")]
    public void Starts_in_order(string service, string dependency, string condition) =>
        Assert.That(Scalar(Service(service), "depends_on", dependency, "condition"), Is.EqualTo(condition));

    [TestCaseSource(nameof(SagaServices))]
    public void Every_variable_a_service_gets_is_one_of_our_settings(string service)
    {
        var unknown = Environment(service).Keys.Where(name => !KnownSettings.IsEnvironmentVariable(name)).ToList();

        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void The_setting_check_itself_refuses_a_misspelt_setting() =>
        Assert.Multiple(() =>
        {
            Assert.That(KnownSettings.IsEnvironmentVariable("Saga__Transport__RabbitMq__Password"), Is.True);
            Assert.That(KnownSettings.IsEnvironmentVariable("Participants__Enabled__0"), Is.True);
            Assert.That(KnownSettings.IsEnvironmentVariable("Saga__Transport__RabbitMq__Pasword"), Is.False);
            Assert.That(KnownSettings.IsEnvironmentVariable("Orchestrator__Database__Schemas"), Is.False);
        });

    [TestCase("systemd/orchestrator.env.example")]
    [TestCase("systemd/orchestrator-migrate.env.example")]
    [TestCase("systemd/orchestrator@.env.example")]
    [TestCase("systemd/participants.env.example")]
    [TestCase("systemd/participants-migrate.env.example")]
    [TestCase("systemd/participants@.env.example")]
    public void Every_variable_of_a_systemd_environment_file_is_one_of_our_settings(string file)
    {
        var unknown = DeployFiles.ReadEnvironmentFile(file).Keys.Where(name => !KnownSettings.IsEnvironmentVariable(name)).ToList();

        Assert.That(unknown, Is.Empty);
    }

    [Test]
    public void No_secret_is_written_in_the_file_only_referenced_from_the_env_file()
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var service in ComposeFile.ServiceNames)
        {
            foreach (var (name, value) in Environment(service))
            {
                foreach (Match reference in VariableReference().Matches(value))
                    referenced.Add(reference.Groups[1].Value);
                var secretName = SecretName().IsMatch(name);
                if (secretName && !WholeReference().IsMatch(value))
                    problems.Add($"{service}: {name} is not a ${{VAR}} reference");
                foreach (Match password in PasswordInConnectionString().Matches(value))
                {
                    if (!WholeReference().IsMatch(password.Groups[1].Value))
                        problems.Add($"{service}: {name} has a password that is not a ${{VAR}} reference");
                }
            }
        }

        var example = File.ReadAllLines(DeployFiles.Path("docker/.env.example"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0], parts => parts[1]);
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(referenced, Is.SubsetOf(example.Keys), ".env.example lists every variable the compose file uses");
            Assert.That(example.Where(pair => SecretName().IsMatch(pair.Key) && pair.Value.Length > 0), Is.Empty,
                ".env.example leaves every password and the Erlang cookie empty");
        });
    }

    [Test]
    public async Task Docker_compose_config_validates_the_file_with_every_variable_set()
    {
        var env = await WriteFilledInEnvFileAsync();
        try
        {
            var result = await DockerComposeAsync("--env-file", env, "-f", DeployFiles.Path(ComposeFile.RelativePath), "config", "-q");

            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            Assert.That(result.StandardError.Trim(), Is.Empty);
        }
        finally
        {
            File.Delete(env);
        }
    }

    [Test]
    public async Task Docker_compose_config_refuses_to_run_without_the_secrets()
    {
        var env = Path.GetTempFileName();
        try
        {
            // An empty env file: every ${VAR:?...} is missing.
            var result = await DockerComposeAsync("--env-file", env, "-f", DeployFiles.Path(ComposeFile.RelativePath), "config", "-q");

            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("in .env"));
        }
        finally
        {
            File.Delete(env);
        }
    }

    internal static async Task<string> WriteFilledInEnvFileAsync()
    {
        var lines = File.ReadAllLines(DeployFiles.Path("docker/.env.example"))
            .Select(line => line.EndsWith('=') ? line + "Example-Passw0rd" : line);
        var path = Path.GetTempFileName();
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }

    internal static async Task<ProcessResult> DockerComposeAsync(params string[] arguments)
    {
        // Debian's docker-compose 1.29 (Python); .ci/run installs it, and so does this when it is missing.
        var compose = await SystemPackages.EnsureInstalledAsync("docker-compose", "docker-compose");
        return await ProcessRunner.RunAsync(compose, arguments, TimeSpan.FromSeconds(120),
            new Dictionary<string, string?> { ["COMPOSE_PROJECT_NAME"] = "saga" }, DeployFiles.Path("docker"));
    }

    [GeneratedRegex(@"\$\{([A-Z0-9_]+)(:?[?-][^}]*)?\}")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^\$\{[A-Z0-9_]+(:\?[^}]*)?\}$")]
    private static partial Regex WholeReference();

    [GeneratedRegex("(PASSWORD|PASS|Password|COOKIE)$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"Password=([^;]*)", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordInConnectionString();
}
