using System.Globalization;
using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// <c>ClusterNodes</c> as the services and the tool read it: listed first is a port nothing listens on, then the broker;
/// <c>Host</c> names nothing that resolves. The services and the tool's bus walk on to the second node, its plain
/// connection (error queues) takes any that accepts; a list of dead nodes, or a bad entry, is named in the error.
/// </summary>
[NonParallelizable]
public sealed class CliClusterNodesTests
{
    readonly List<string> _files = [];
    SagaSystem _system = null!;
    SagaCliRunner _cli = null!;

    static string Node(int port) => $"{Servers.Rabbit.Host}:{port.ToString(CultureInfo.InvariantCulture)}";

    [OneTimeSetUp]
    public async Task Start()
    {
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?>
            {
                ["Saga:Transport:RabbitMq:Host"] = "rabbit-cluster.invalid",
                ["Saga:Transport:RabbitMq:ClusterNodes:0"] = Node(FreeTcpPort.Find()),
                ["Saga:Transport:RabbitMq:ClusterNodes:1"] = Node(Servers.Rabbit.Port),
            },
        };
        _system = await SagaSystem.StartAsync(settings);
        _cli = new SagaCliRunner(_system.Settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _cli.Dispose();
        await _system.DisposeAsync();
    }

    [TearDown]
    public void DeleteSettingsFiles()
    {
        foreach (var file in _files)
            File.Delete(file);
        _files.Clear();
    }

    [Test]
    public async Task The_services_connect_through_the_listed_nodes_and_an_order_completes()
    {
        var order = TestOrders.Valid();

        await _system.Submit(order);

        Assert.That((await _system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
    }

    [Test]
    public async Task The_tools_requests_reach_the_orchestrator_through_the_listed_nodes()
    {
        var cancel = await _cli.RunAsync("cancel", Guid.NewGuid().ToString(), "--json");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Failed), cancel.ToString());
        Assert.That(cancel.Json().GetProperty("reason").GetString(), Is.EqualTo("unknown order"), "the orchestrator's answer");
    }

    [Test]
    public async Task The_tools_broker_operations_connect_through_the_listed_nodes()
    {
        var errors = await _cli.RunAsync("errors");

        Assert.That(errors.ExitCode, Is.EqualTo(ExitCodes.Ok), errors.ToString());
    }

    [Test]
    public async Task Cluster_nodes_that_all_refuse_exit_3_naming_them_and_the_setting()
    {
        var dead = new[] { Node(FreeTcpPort.Find()), Node(FreeTcpPort.Find()) };

        var run = await SagaCliRunner.RunBareAsync("errors",
            "--settings", await SettingsFile($$"""{ "Saga": { "Transport": { "RabbitMq": { "ClusterNodes": [ "{{dead[0]}}", "{{dead[1]}}" ] } } } }"""));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Unreachable), run.ToString());
        Assert.That(run.Error, Does.Contain($"RabbitMQ at {dead[0]}, {dead[1]}").And.Contain("check Saga:Transport:RabbitMq:ClusterNodes"));
    }

    [Test]
    public async Task A_bad_cluster_node_exits_2_naming_it()
    {
        var run = await SagaCliRunner.RunBareAsync("errors",
            "--settings", await SettingsFile("""{ "Saga": { "Transport": { "RabbitMq": { "ClusterNodes": [ "rabbit-1", "rabbit-2:70000" ] } } } }"""));

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain("Saga:Transport:RabbitMq:ClusterNodes:1 'rabbit-2:70000' the port '70000' must be a number between 1 and 65535"));
    }

    async Task<string> SettingsFile(string json)
    {
        var file = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.json");
        _files.Add(file);
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
