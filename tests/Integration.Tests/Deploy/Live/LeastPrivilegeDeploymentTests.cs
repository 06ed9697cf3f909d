using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations;
using Saga.Operations.Actions;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Deploy.Live;

/// <summary>
/// The deployment assets for real, as an operator applies them: <c>deploy/rabbitmq/definitions.json</c> imported with
/// <c>rabbitmqctl import_definitions</c> and the passwords set with <c>rabbitmqctl change_password</c>;
/// <c>deploy/sql/postgresql/create-users.sql</c> run with psql; each service migrated as <c>saga_migrator</c> and then
/// run as its own OS process, configured from the systemd example environment files (only the server addresses and
/// passwords filled in), as its own RabbitMQ user in the <c>saga</c> virtual host with quorum queues and its own DML-only
/// database logins. An order then runs end to end, and the tests check what each user can and cannot do.
/// </summary>
[NonParallelizable]
public sealed partial class LeastPrivilegeDeploymentTests
{
    const string VirtualHost = "saga";
    static readonly TimeSpan ProcessTimeout = TimeSpan.FromSeconds(120);
    static readonly string[] BrokerUsers = ["saga-orchestrator", "saga-participants", "saga-client", "saga-ops"];
    static readonly string[] DatabaseRoles = ["saga_migrator", "saga_orchestrator", "saga_payment", "saga_inventory", "saga_shipping"];
    static readonly string[] ServiceQueues = [QueueNames.Orders, "saga-scheduler", QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];

    readonly Dictionary<string, string> _passwords = [];
    readonly Dictionary<string, string> _operationsUrls = [];
    ServiceProcess? _participants;
    ServiceProcess? _orchestrator;
    IBusControl? _client;
    string _operatorConnectionString = "";

    static RabbitMqTestNode Rabbit => DeployServers.Rabbit;

    static PostgreSqlTestCluster Postgres => DeployServers.Postgres;

    [OneTimeSetUp]
    public async Task Deploy()
    {
        foreach (var name in BrokerUsers.Concat(DatabaseRoles))
            _passwords[name] = Guid.NewGuid().ToString("N");

        // The broker, as deploy/README.md says: import the definitions, then give each user its password.
        await Rabbit.RunCtlAsync("import_definitions", DeployFiles.Path("rabbitmq/definitions.json"));
        foreach (var user in BrokerUsers)
            await Rabbit.RunCtlAsync("change_password", user, _passwords[user]);

        // The databases and logins.
        await RunPsqlScriptAsync();
        _operatorConnectionString = await CreateOperatorLoginAsync();

        // migrate as the migrator, from the service settings plus the -migrate.env overrides.
        await MigrateAsync("Saga.SagaOrchestrator.dll", ServiceEnvironment("orchestrator", migrate: true));
        await MigrateAsync("Saga.Participants.dll", ServiceEnvironment("participants", migrate: true));

        // The orchestrator first: it declares the participants' quorum queues itself (docs/configuration.md, Quorum queues),
        // which its broker user may do, so the start order does not matter.
        _orchestrator = await ServiceProcess.StartAsync("Saga.SagaOrchestrator.dll", new Dictionary<string, string?>(),
            ServiceEnvironment("orchestrator", migrate: false), ProcessTimeout);
        var participants = ServiceEnvironment("participants", migrate: false);
        participants["Participants__SeedDemoData"] = "true";
        _participants = await ServiceProcess.StartAsync("Saga.Participants.dll", new Dictionary<string, string?>(), participants, ProcessTimeout);

        // The node's administrator, given the saga virtual host (the definitions grant it nothing there), checks the queues.
        await Rabbit.CreateVirtualHostAsync(VirtualHost);

        // An outside client as deploy/README.md describes one: user saga-client, its bus's queue named after it, and the
        // two exchanges it publishes to taken as the definitions declared them, since it may not declare them itself.
        _client = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(Rabbit.Host, (ushort)Rabbit.Port, VirtualHost, host =>
            {
                host.Username("saga-client");
                host.Password(_passwords["saga-client"]);
            });
            cfg.OverrideDefaultBusEndpointQueueName($"saga-client_{DefaultEndpointNameFormatter.GetTemporaryQueueName("bus")}");
            cfg.Publish<SubmitOrder>(publish => publish.Exclude = true);
            cfg.Publish<CancelOrder>(publish => publish.Exclude = true);
        });
        await _client.StartAsync();
    }

    [OneTimeTearDown]
    public async Task Undeploy()
    {
        if (_client is not null)
            await _client.StopAsync();
        if (_orchestrator is not null)
            await _orchestrator.DisposeAsync();
        if (_participants is not null)
            await _participants.DisposeAsync();
    }

    [Test]
    public async Task An_order_completes_with_each_service_on_its_own_broker_user_and_runtime_logins()
    {
        var order = TestOrders.Valid();

        await _client!.Publish(order);

        string? state = null;
        await Poll.UntilAsync(async () =>
        {
            state = await OrderStateAsync(order.OrderId);
            return state is "Completed" or "Compensated" or "Rejected" or "CompensationFailed";
        }, $"order {order.OrderId} ends (services' output:\n{_orchestrator?.Output}\n{_participants?.Output})", TimeSpan.FromSeconds(90));

        Assert.That(state, Is.EqualTo("Completed"), () => $"orchestrator:\n{_orchestrator!.Output}\nparticipants:\n{_participants!.Output}");
        var output = _orchestrator!.Output + _participants!.Output;
        await TestContext.Out.WriteLineAsync(output);
        Assert.That(output, Does.Not.Contain("ACCESS_REFUSED").And.Not.Contain("permission denied"));
    }

    /// <summary>
    /// Readiness as the unit's health probe sees it: the bus, and each database and its outbox, checked with the runtime
    /// logins' rights only.
    /// </summary>
    [TestCase("orchestrator", 3)]
    [TestCase("participants", 7)]
    public async Task Each_service_is_ready_on_its_operations_listener_with_its_runtime_logins(string service, int checks)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var url = _operationsUrls[service];
        HttpResponseMessage? ready = null;
        await Poll.UntilAsync(async () =>
        {
            ready?.Dispose();
            ready = await http.GetAsync(new Uri($"{url}/health/ready"));
            return ready.StatusCode == HttpStatusCode.OK;
        }, $"{service} answers 200 on /health/ready", TimeSpan.FromSeconds(30));

        using var report = JsonDocument.Parse(await ready!.Content.ReadAsStringAsync());
        var statuses = report.RootElement.GetProperty("checks").EnumerateArray()
            .Select(check => $"{check.GetProperty("name").GetString()}={check.GetProperty("status").GetString()}").ToList();
        ready.Dispose();
        Assert.That(statuses, Has.Count.EqualTo(checks).And.All.EndsWith("=Healthy"), string.Join(", ", statuses));
    }

    [Test]
    public async Task The_quorum_policy_applies_to_every_service_queue()
    {
        var output = await Rabbit.RunCtlAsync("-q", "list_queues", "--no-table-headers", "-p", VirtualHost, "name", "type", "policy");
        var queues = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.TrimEnd('\r').Split('\t', StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 3)
            .ToDictionary(parts => parts[0], parts => (Type: parts[1], Policy: parts[2]));

        Assert.Multiple(() =>
        {
            foreach (var queue in ServiceQueues)
                Assert.That(queues.GetValueOrDefault(queue), Is.EqualTo(("quorum", "saga-quorum")), queue);
            Assert.That(queues.GetValueOrDefault("saga-dead-letter").Type, Is.EqualTo("quorum"), "the dead-letter queue");
        });
    }

    [Test]
    public async Task A_service_user_cannot_use_another_virtual_host_nor_read_another_services_queue()
    {
        // The right password opens the saga virtual host ...
        await using (var own = await ConnectAsync("saga-orchestrator", VirtualHost))
            Assert.That(own.IsOpen, Is.True);

        // ... but not the default one, where the definitions give it no permissions: nothing it asks for happens there.
        var refused = await CaptureAsync(async () =>
        {
            await using var connection = await ConnectAsync("saga-orchestrator", "/");
            await using var channel = await connection.CreateChannelAsync();
            await channel.ExchangeDeclareAsync("intruder", ExchangeType.Fanout, durable: true);
        });
        await TestContext.Out.WriteLineAsync($"saga-orchestrator on virtual host /: {refused}");
        // RabbitMQ.Client reports the broker's connection.close (530 NOT_ALLOWED, "access to vhost '/' refused") on the first channel.
        Assert.That(refused, Is.InstanceOf<OperationInterruptedException>(), "saga-orchestrator declared an exchange on virtual host /");
        Assert.That(((OperationInterruptedException)refused!).ShutdownReason?.ReplyCode, Is.EqualTo(530));
        var exchanges = await Rabbit.RunCtlAsync("-q", "list_exchanges", "--no-table-headers", "-p", "/", "name");
        Assert.That(exchanges, Does.Not.Contain("intruder"));

        // Within the virtual host, the participants' user cannot take the orchestrator's messages.
        await using var participants = await ConnectAsync("saga-participants", VirtualHost);
        await using var channel = await participants.CreateChannelAsync();
        var denied = await CaptureAsync(() => channel.BasicGetAsync(QueueNames.Orders, autoAck: false));
        Assert.That(denied, Is.InstanceOf<OperationInterruptedException>());
        Assert.That(((OperationInterruptedException)denied!).ShutdownReason?.ReplyCode, Is.EqualTo(403));
    }

    [Test]
    public async Task The_runtime_login_reads_and_writes_its_tables_but_cannot_create_or_drop_one()
    {
        var runtime = ConnectionString("orchestrator", "saga_orchestrator");

        Assert.That(await ScalarAsync(runtime, "SELECT count(*) FROM saga.order_sagas"), Is.Not.Null);
        Assert.That(await ScalarAsync(runtime, "SELECT count(*) FROM saga.outbox_messages"), Is.Not.Null);
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await SqlStateAsync(runtime, "CREATE TABLE saga.intruder (id int)"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(runtime, "CREATE TABLE public.intruder (id int)"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(runtime, "DROP TABLE saga.order_sagas"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(runtime, "ALTER TABLE saga.order_sagas ADD COLUMN intruder int"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(runtime, "CREATE TEMP TABLE intruder (id int)"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            // Another service's database is closed to it.
            Assert.That(await SqlStateAsync(ConnectionString("payment", "saga_orchestrator"), "SELECT 1"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        });
    }

    [Test]
    public async Task The_migrator_creates_tables_only_in_the_saga_schema_and_the_operator_role_only_reads()
    {
        var migrator = ConnectionString("payment", "saga_migrator");
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await SqlStateAsync(migrator, "CREATE TABLE public.intruder (id int)"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(migrator, "CREATE SCHEMA intruder"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(_operatorConnectionString, "SELECT count(*) FROM order_sagas"), Is.Null);
            Assert.That(await SqlStateAsync(_operatorConnectionString, "DELETE FROM order_sagas"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
        });
    }

    [Test]
    public async Task A_view_a_later_migration_adds_is_readable_by_the_runtime_login_and_the_operators()
    {
        // As the operator views (saga_overview, saga_history) come: created by the migrator after the script ran.
        var migrator = ConnectionString("orchestrator", "saga_migrator");
        await ScalarAsync(migrator, "CREATE VIEW saga.deploy_check_overview AS SELECT current_state, count(*) AS orders FROM saga.order_sagas GROUP BY current_state");
        try
        {
            await Assert.MultipleAsync(async () =>
            {
                Assert.That(await SqlStateAsync(ConnectionString("orchestrator", "saga_orchestrator"), "SELECT count(*) FROM saga.deploy_check_overview"), Is.Null);
                Assert.That(await SqlStateAsync(_operatorConnectionString, "SELECT count(*) FROM deploy_check_overview"), Is.Null);
                Assert.That(await SqlStateAsync(ConnectionString("payment", "saga_payment"), "SELECT count(*) FROM saga.deploy_check_overview"),
                    Is.EqualTo(PostgresErrorCodes.UndefinedTable), "another database");
            });
        }
        finally
        {
            await ScalarAsync(migrator, "DROP VIEW saga.deploy_check_overview");
        }
    }

    [Test]
    public async Task After_a_rerun_of_the_script_the_operator_role_records_actions_and_writes_nothing_else()
    {
        // The INSERT on operator_actions needs the table, so it comes with a run of the script after migrate (deploy/README.md).
        await RunPsqlScriptAsync();
        var console = await CreateLoginAsync("saga_test_console", "saga_operator");
        var settings = OperatorSettings.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Database:Provider"] = "PostgreSql",
            ["Orchestrator:Database:ConnectionString"] = console,
            ["Orchestrator:Database:Schema"] = "saga",
        }).Build());
        var log = new OperatorActionLog(settings, TimeProvider.System);
        var target = Guid.NewGuid().ToString();

        await log.RecordAsync("deploy-test", ActionNames.Cancel, target, ActionOutcomes.Refused, "unknown order", CancellationToken.None);

        Assert.That((await log.RecentAsync(100, CancellationToken.None)).Select(r => r.Target), Does.Contain(target));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(await SqlStateAsync(console, "SELECT count(*) FROM saga_overview"), Is.Null, "reads as saga_readonly");
            Assert.That(await SqlStateAsync(console, "UPDATE operator_actions SET outcome = 'accepted'"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(console, "DELETE FROM operator_actions"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(console, "DELETE FROM order_sagas"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege));
            Assert.That(await SqlStateAsync(ConnectionString("payment", "saga_test_console"), "SELECT 1"), Is.EqualTo(PostgresErrorCodes.InsufficientPrivilege),
                "the orchestrator database only");
        });
    }

    /// <summary>The service's settings from deploy/systemd/*.env.example, with this machine's servers and passwords filled in.</summary>
    Dictionary<string, string> ServiceEnvironment(string service, bool migrate)
    {
        var environment = DeployFiles.ReadEnvironmentFile($"systemd/{service}.env.example");
        if (migrate)
        {
            foreach (var (name, value) in DeployFiles.ReadEnvironmentFile($"systemd/{service}-migrate.env.example"))
                environment[name] = value;
        }

        // The examples list a three-node cluster; this test's broker is one node, reached through Host and Port.
        foreach (var name in environment.Keys.Where(name => name.StartsWith("Saga__Transport__RabbitMq__ClusterNodes__", StringComparison.Ordinal)).ToList())
            environment.Remove(name);

        foreach (var name in environment.Keys.ToList())
        {
            var value = environment[name];
            environment[name] = name switch
            {
                "Saga__Transport__RabbitMq__Host" => Rabbit.Host,
                "Saga__Transport__RabbitMq__Port" => Rabbit.Port.ToString(CultureInfo.InvariantCulture),
                "Saga__Transport__RabbitMq__Password" => _passwords[environment["Saga__Transport__RabbitMq__Username"]],
                _ when name.EndsWith("__ConnectionString", StringComparison.Ordinal) => value
                    .Replace("Host=db.internal", $"Host={Postgres.Host};Port={Postgres.Port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)
                    .Replace("CHANGE_ME", _passwords[UsernameIn(value)], StringComparison.Ordinal),
                _ => value,
            };
        }

        // The unit sets the environment. The operations listener stays as the example file sets it, on a port free now:
        // the example's fixed port could be taken by another test run.
        environment["DOTNET_ENVIRONMENT"] = "Production";
        if (migrate)
            environment["Operations__Enabled"] = "false";
        else
            environment["Operations__Url"] = OperationsUrl(service);
        Assert.That(environment.Values, Has.None.Contains("CHANGE_ME"), service);
        return environment;
    }

    string OperationsUrl(string service)
    {
        if (!_operationsUrls.TryGetValue(service, out var url))
            _operationsUrls[service] = url = $"http://127.0.0.1:{FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture)}";
        return url;
    }

    static string UsernameIn(string connectionString) => UsernamePattern().Match(connectionString) is { Success: true } match
        ? match.Groups[1].Value
        : throw new FormatException($"no Username= in {connectionString}");

    [GeneratedRegex("Username=([A-Za-z0-9_]+)")]
    private static partial Regex UsernamePattern();

    async Task RunPsqlScriptAsync()
    {
        string[] arguments =
        [
            "-X", "-h", Postgres.Host, "-p", Postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", Postgres.Username, "-d", "postgres",
            "-v", "ON_ERROR_STOP=1",
            "-v", $"migrator_password={_passwords["saga_migrator"]}",
            "-v", $"orchestrator_password={_passwords["saga_orchestrator"]}",
            "-v", $"payment_password={_passwords["saga_payment"]}",
            "-v", $"inventory_password={_passwords["saga_inventory"]}",
            "-v", $"shipping_password={_passwords["saga_shipping"]}",
            "-f", DeployFiles.Path("sql/postgresql/create-users.sql"),
        ];
        var result = await ProcessRunner.RunAsync(Path.Combine(Postgres.BinDirectory, "psql"), arguments, ProcessTimeout,
            new Dictionary<string, string?> { ["PGPASSWORD"] = Postgres.Password });
        Assert.That(result.ExitCode, Is.Zero, () => $"psql failed:\n{result.StandardOutput}\n{result.StandardError}");
    }

    /// <summary>A login in <paramref name="role"/>, as an operator gives one to a person or the console; its connection string to the orchestrator database.</summary>
    async Task<string> CreateLoginAsync(string login, string role)
    {
        var password = Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE ROLE {login} LOGIN PASSWORD '{password}' IN ROLE {role}", connection);
        await command.ExecuteNonQueryAsync();
        _passwords[login] = password;
        return ConnectionString("orchestrator", login);
    }

    async Task<string> CreateOperatorLoginAsync()
    {
        var password = Guid.NewGuid().ToString("N");
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE ROLE saga_test_operator LOGIN PASSWORD '{password}' IN ROLE saga_readonly", connection);
        await command.ExecuteNonQueryAsync();
        _passwords["saga_test_operator"] = password;
        return ConnectionString("orchestrator", "saga_test_operator");
    }

    static async Task MigrateAsync(string assembly, Dictionary<string, string> environment)
    {
        var result = await ProcessRunner.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly), "migrate"], ProcessTimeout,
            environment.ToDictionary(pair => pair.Key, string? (pair) => pair.Value), AppContext.BaseDirectory);
        Assert.That(result.ExitCode, Is.Zero, () => $"{assembly} migrate failed:\n{result.StandardOutput}\n{result.StandardError}");
    }

    string ConnectionString(string database, string role) => new NpgsqlConnectionStringBuilder
    {
        Host = Postgres.Host,
        Port = Postgres.Port,
        Database = database,
        Username = role,
        Password = _passwords[role],
        Pooling = false,
    }.ConnectionString;

    async Task<string?> OrderStateAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(_operatorConnectionString);
        await connection.OpenAsync();
        // No schema named: the script sets the database's search_path to saga for people like this operator.
        await using var command = new NpgsqlCommand("SELECT current_state FROM order_sagas WHERE correlation_id = @id", connection);
        command.Parameters.AddWithValue("id", orderId);
        return (string?)await command.ExecuteScalarAsync();
    }

    static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>The SQLSTATE <paramref name="sql"/> fails with (connecting included), or null when it succeeds.</summary>
    static async Task<string?> SqlStateAsync(string connectionString, string sql)
    {
        try
        {
            await ScalarAsync(connectionString, sql);
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }

    async Task<IConnection> ConnectAsync(string user, string virtualHost) =>
        await new ConnectionFactory
        {
            HostName = Rabbit.Host,
            Port = Rabbit.Port,
            UserName = user,
            Password = _passwords[user],
            VirtualHost = virtualHost,
            AutomaticRecoveryEnabled = false,
        }.CreateConnectionAsync();

    static async Task<Exception?> CaptureAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception e) when (e is not AssertionException)
        {
            return e;
        }
    }
}
