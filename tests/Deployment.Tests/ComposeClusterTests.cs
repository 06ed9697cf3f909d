using Saga.TestInfrastructure;
using YamlDotNet.RepresentationModel;

namespace Saga.Deployment.Tests;

/// <summary>
/// The cluster in <c>deploy/docker/docker-compose.yml</c>: three RabbitMQ nodes that form one cluster (same image, same
/// Erlang cookie, each its own hostname and data volume, the classic_config peer list naming exactly them), the
/// definitions loaded once when all three run, and two instances of each service, every one connected to all three nodes
/// with quorum queues, after migrations that run once.
/// </summary>
public sealed class ComposeClusterTests
{
    static readonly string[] Nodes = ["rabbitmq-1", "rabbitmq-2", "rabbitmq-3"];
    static readonly string[] Instances = ["orchestrator-1", "orchestrator-2", "participants-1", "participants-2"];
    const string ClusterNodesVariable = "Saga__Transport__RabbitMq__ClusterNodes__";

    static string NodeName(string service) => $"rabbit@{ComposeFile.Scalar(ComposeFile.Service(service), "hostname")}";

    [Test]
    public void The_broker_is_three_nodes_of_one_image_each_with_its_own_hostname_and_data_volume()
    {
        var hostnames = Nodes.Select(node => ComposeFile.Scalar(ComposeFile.Service(node), "hostname")).ToList();
        var dataVolumes = Nodes.Select(node => ComposeFile.Sequence(ComposeFile.Service(node), "volumes")
            .Single(volume => volume.EndsWith(":/var/lib/rabbitmq", StringComparison.Ordinal))).ToList();
        var declaredVolumes = ((YamlMappingNode)ComposeFile.Load().Children[new YamlScalarNode("volumes")]).Children.Keys
            .Select(key => ((YamlScalarNode)key).Value!).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Nodes.Select(node => ComposeFile.Scalar(ComposeFile.Service(node), "image")).Distinct(), Is.EqualTo(new[] { "rabbitmq:3.13-management" }));
            Assert.That(hostnames, Is.EqualTo(Nodes), "a node's name is rabbit@<hostname>: fixed, or its data would not be found again");
            Assert.That(dataVolumes.Distinct().Count(), Is.EqualTo(Nodes.Length), "each node its own data");
            Assert.That(dataVolumes.Select(volume => volume.Split(':')[0]), Is.SubsetOf(declaredVolumes), "named volumes, kept across recreation");
        });
    }

    [Test]
    public void The_nodes_share_one_erlang_cookie_from_the_env_file()
    {
        var cookies = Nodes.Select(node => ComposeFile.Environment(node).GetValueOrDefault("RABBITMQ_ERLANG_COOKIE")).ToList();

        Assert.That(cookies.Distinct().Single(), Does.Match(@"^\$\{RABBITMQ_ERLANG_COOKIE:\?[^}]*\}$"));
    }

    [Test]
    public void The_nodes_find_each_other_through_a_classic_config_peer_list_of_exactly_the_three()
    {
        var mounts = Nodes.Select(node => ComposeFile.Sequence(ComposeFile.Service(node), "volumes")
            .Single(volume => volume.Contains("/etc/rabbitmq/conf.d/", StringComparison.Ordinal))).ToList();
        var parts = mounts[0].Split(':');
        var config = ReadRabbitMqConfig(Path.Combine(DeployFiles.Path("docker"), parts[0]));

        Assert.Multiple(() =>
        {
            Assert.That(mounts.Distinct().Count(), Is.EqualTo(1), "every node reads the same file");
            Assert.That(parts, Has.Length.EqualTo(3));
            Assert.That(parts[^1], Is.EqualTo("ro"), "read-only");
            // The image reads /etc/rabbitmq/conf.d/*.conf after its own defaults.
            Assert.That(parts[1], Does.Match(@"^/etc/rabbitmq/conf\.d/[^/]+\.conf$"));
            Assert.That(config.GetValueOrDefault("cluster_formation.peer_discovery_backend"), Is.EqualTo("classic_config"));
            Assert.That(config.Where(setting => setting.Key.StartsWith("cluster_formation.classic_config.nodes.", StringComparison.Ordinal)).Select(setting => setting.Value),
                Is.EquivalentTo(Nodes.Select(NodeName)));
            Assert.That(config.GetValueOrDefault("cluster_partition_handling"), Is.EqualTo("pause_minority"));
            Assert.That(config.GetValueOrDefault("queue_leader_locator"), Is.EqualTo("balanced"), "queue leaders spread over the nodes");
        });
    }

    [Test]
    public void Only_the_first_nodes_management_ui_is_published_and_only_on_loopback()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ComposeFile.Sequence(ComposeFile.Service("rabbitmq-1"), "ports"), Is.EqualTo(new[] { "127.0.0.1:15672:15672" }));
            foreach (var service in ComposeFile.ServiceNames.Where(service => service != "rabbitmq-1"))
                Assert.That(ComposeFile.Sequence(ComposeFile.Service(service), "ports"), Is.Empty, service);
        });
    }

    [Test]
    public void The_definitions_are_loaded_once_through_the_first_node_after_all_three_run()
    {
        var setup = ComposeFile.Service("rabbitmq-setup");
        var environment = ComposeFile.Environment("rabbitmq-setup");

        Assert.Multiple(() =>
        {
            Assert.That(ComposeFile.Scalar(setup, "restart"), Is.EqualTo("no"));
            Assert.That(ComposeFile.Sequence(setup, "volumes"), Has.Some.StartsWith("../rabbitmq/definitions.json:"));
            Assert.That(environment.GetValueOrDefault("RABBITMQ_MANAGEMENT_HOST"), Is.EqualTo("rabbitmq-1"));
            Assert.That(environment.GetValueOrDefault("RABBITMQ_CLUSTER_NODES")?.Split(' '), Is.EqualTo(Nodes.Select(NodeName)),
                "the setup waits for every node before the import");
            foreach (var node in Nodes)
                Assert.That(ComposeFile.Scalar(setup, "depends_on", node, "condition"), Is.EqualTo("service_healthy"), node);
            foreach (var service in ComposeFile.ServiceNames.Where(service => service != "rabbitmq-setup"))
                Assert.That(ComposeFile.Sequence(ComposeFile.Service(service), "volumes"), Has.None.Contains("definitions.json"), $"{service} loads no definitions");
        });
    }

    [TestCase("orchestrator", "saga-orchestrator:local")]
    [TestCase("participants", "saga-participants:local")]
    public void Each_service_runs_as_two_instances_of_one_image_with_their_own_hostnames(string service, string image)
    {
        var instances = ComposeFile.ServiceNames.Where(name => name.StartsWith(service + "-", StringComparison.Ordinal) && int.TryParse(name[(service.Length + 1)..], out _)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(instances, Is.EqualTo(new[] { $"{service}-1", $"{service}-2" }));
            foreach (var instance in instances)
            {
                Assert.That(ComposeFile.Scalar(ComposeFile.Service(instance), "image"), Is.EqualTo(image), instance);
                Assert.That(ComposeFile.Sequence(ComposeFile.Service(instance), "command"), Is.EqualTo(new[] { "run" }), instance);
                // The hostname is the machine name, and so the outbox's instance name (Outbox:InstanceId) and part of the
                // bus queue's: stable across a container's recreation and different between instances.
                Assert.That(ComposeFile.Scalar(ComposeFile.Service(instance), "hostname"), Is.EqualTo(instance));
            }

            // The instances are the same service: the same settings but for nothing (their hostnames differ).
            Assert.That(instances.Select(instance => string.Join('\n', ComposeFile.Environment(instance).OrderBy(pair => pair.Key, StringComparer.Ordinal))).Distinct().Count(),
                Is.EqualTo(1));
        });
    }

    [TestCaseSource(nameof(Instances))]
    public void Every_instance_is_connected_to_all_three_nodes_with_quorum_queues(string instance)
    {
        var environment = ComposeFile.Environment(instance);
        var clusterNodes = environment.Where(pair => pair.Key.StartsWith(ClusterNodesVariable, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => pair.Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(clusterNodes, Is.EqualTo(Nodes.Select(node => $"{ComposeFile.Scalar(ComposeFile.Service(node), "hostname")}:5672")));
            Assert.That(environment.Keys.Where(key => key.StartsWith(ClusterNodesVariable, StringComparison.Ordinal)).Order(StringComparer.Ordinal),
                Is.EqualTo(new[] { ClusterNodesVariable + "0", ClusterNodesVariable + "1", ClusterNodesVariable + "2" }));
            // Not where it connects, with ClusterNodes, but the broker's name in message addresses: one for all.
            Assert.That(Instances.Select(other => ComposeFile.Environment(other).GetValueOrDefault("Saga__Transport__RabbitMq__Host")).Distinct(),
                Is.EqualTo(new[] { environment["Saga__Transport__RabbitMq__Host"] }));
            Assert.That(environment.GetValueOrDefault("Saga__Transport__RabbitMq__QuorumQueues"), Is.EqualTo("true"));
        });
    }

    [TestCase("orchestrator-migrate", new[] { "orchestrator-1", "orchestrator-2" })]
    [TestCase("participants-migrate", new[] { "participants-1", "participants-2" })]
    public void Migrations_run_once_as_a_job_before_every_instance_of_their_service(string migration, string[] instances)
    {
        var job = ComposeFile.Service(migration);

        Assert.Multiple(() =>
        {
            Assert.That(ComposeFile.Sequence(job, "command"), Is.EqualTo(new[] { "migrate" }));
            Assert.That(ComposeFile.Scalar(job, "restart"), Is.EqualTo("no"));
            Assert.That(ComposeFile.ServiceNames.Where(service => ComposeFile.Sequence(ComposeFile.Service(service), "command").SequenceEqual(["migrate"])),
                Is.EquivalentTo(new[] { "orchestrator-migrate", "participants-migrate" }), "one migration job per service, not per instance");
            foreach (var instance in instances)
                Assert.That(ComposeFile.Scalar(ComposeFile.Service(instance), "depends_on", migration, "condition"), Is.EqualTo("service_completed_successfully"), instance);
        });
    }

    /// <summary>Compose's own reading of the anchors (PyYAML's merge keys in docker-compose 1.29), not only ours.</summary>
    [Test]
    public async Task Docker_compose_resolves_every_instance_to_all_three_cluster_nodes()
    {
        var env = await ComposeFileTests.WriteFilledInEnvFileAsync();
        try
        {
            var result = await ComposeFileTests.DockerComposeAsync("--env-file", env, "-f", DeployFiles.Path(ComposeFile.RelativePath), "config");
            Assert.That(result.ExitCode, Is.Zero, result.StandardError);
            var stream = new YamlStream();
            stream.Load(new StringReader(result.StandardOutput));
            var services = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode).Children[new YamlScalarNode("services")];

            Assert.Multiple(() =>
            {
                foreach (var instance in Instances)
                {
                    var environment = (YamlMappingNode)((YamlMappingNode)services.Children[new YamlScalarNode(instance)]).Children[new YamlScalarNode("environment")];
                    var clusterNodes = Enumerable.Range(0, 3)
                        .Select(index => environment.Children.TryGetValue(new YamlScalarNode(ClusterNodesVariable + index), out var value) ? value.ToString() : null);
                    Assert.That(clusterNodes, Is.EqualTo(new[] { "rabbitmq-1:5672", "rabbitmq-2:5672", "rabbitmq-3:5672" }), instance);
                }

                foreach (var node in Nodes)
                {
                    var environment = (YamlMappingNode)((YamlMappingNode)services.Children[new YamlScalarNode(node)]).Children[new YamlScalarNode("environment")];
                    Assert.That(environment.Children[new YamlScalarNode("RABBITMQ_ERLANG_COOKIE")].ToString(), Is.EqualTo("Example-Passw0rd"), node);
                }
            });
        }
        finally
        {
            File.Delete(env);
        }
    }

    /// <summary>The <c>key = value</c> lines of a rabbitmq.conf (sysctl format), comments skipped.</summary>
    static Dictionary<string, string> ReadRabbitMqConfig(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Trim(), StringComparer.Ordinal);
}
