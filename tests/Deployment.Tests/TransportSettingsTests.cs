using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Saga.Settings.Transport;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The broker settings every deployment file gives a service, bound and validated as the service does at start
/// (<see cref="TransportOptionsValidator"/>, environment <c>Production</c>): each names the three nodes of a cluster, valid
/// and distinct, with quorum queues.
/// </summary>
public sealed class TransportSettingsTests
{
    static readonly IHostEnvironment Production = new HostingEnvironment { EnvironmentName = Environments.Production };

    static IEnumerable<TestCaseData> Deployments()
    {
        foreach (var instance in new[] { "orchestrator-1", "orchestrator-2", "participants-1", "participants-2" })
            yield return new TestCaseData((Func<Dictionary<string, string>>)(() => ComposeFile.Environment(instance))).SetArgDisplayNames($"compose {instance}");
        foreach (var service in new[] { "orchestrator", "participants" })
        {
            // As the template unit reads them: the service's file, then the instance's, which wins.
            yield return new TestCaseData((Func<Dictionary<string, string>>)(() => DeployFiles.ReadEnvironmentFile($"systemd/{service}.env.example")
                    .Concat(DeployFiles.ReadEnvironmentFile($"systemd/{service}@.env.example"))
                    .GroupBy(pair => pair.Key).ToDictionary(group => group.Key, group => group.Last().Value)))
                .SetArgDisplayNames($"systemd {service}@1");
        }
    }

    [TestCaseSource(nameof(Deployments))]
    public void Names_three_distinct_cluster_nodes_with_quorum_queues_and_passes_the_services_own_validation(Func<Dictionary<string, string>> environment)
    {
        var options = Bind(environment());

        var result = new TransportOptionsValidator(Production).Validate(null, options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Failed, Is.False, result.FailureMessage);
            Assert.That(options.Kind, Is.EqualTo(TransportKind.RabbitMq));
            Assert.That(options.RabbitMq.ClusterNodes, Has.Count.EqualTo(3));
            Assert.That(options.RabbitMq.QuorumQueues, Is.True);
        });
    }

    [Test]
    public void The_validation_itself_refuses_a_node_listed_twice()
    {
        var environment = ComposeFile.Environment("orchestrator-1");
        environment["Saga__Transport__RabbitMq__ClusterNodes__2"] = environment["Saga__Transport__RabbitMq__ClusterNodes__0"];

        var result = new TransportOptionsValidator(Production).Validate(null, Bind(environment));

        Assert.That(result.FailureMessage, Does.Contain("ClusterNodes:2"));
    }

    /// <summary>Environment variables (<c>Section__Key</c>) bound to the transport options as the host's configuration does.</summary>
    static TransportOptions Bind(Dictionary<string, string> environment) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(pair => new KeyValuePair<string, string?>(pair.Key.Replace("__", ":", StringComparison.Ordinal), pair.Value)))
            .Build()
            .GetSection(TransportOptions.Section)
            .Get<TransportOptions>() ?? new TransportOptions();
}
