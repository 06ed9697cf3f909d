using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Saga.Settings.Transport;
using static Saga.Integration.Tests.Configuration.TransportSettings;

namespace Saga.Integration.Tests.Configuration;

/// <summary>
/// <c>ClusterNodes</c>, <c>QuorumQueues</c>, <c>DeliveryLimit</c> and <c>DeadLetterExchange</c>: how they bind, what the
/// validator refuses (naming the entry), and what the start-up log line says.
/// </summary>
[NonParallelizable]
public sealed class ClusterAndQuorumSettingsTests
{
    [Test]
    public void Quorum_queues_with_a_delivery_limit_of_20_dead_lettering_to_saga_dead_letter_are_the_default()
    {
        var options = new ConfigurationBuilder().Build().GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions();

        Assert.That((options.RabbitMq.QuorumQueues, options.RabbitMq.DeliveryLimit, options.RabbitMq.DeadLetterExchange, options.RabbitMq.ClusterNodes.Count),
            Is.EqualTo((true, 20, "saga-dead-letter", 0)));
    }

    [Test]
    public void Cluster_nodes_bind_from_numbered_environment_variables_in_their_order()
    {
        const string prefix = "Saga__Transport__RabbitMq__ClusterNodes__";
        try
        {
            Environment.SetEnvironmentVariable(prefix + "0", "rabbit-2:5673");
            Environment.SetEnvironmentVariable(prefix + "1", "rabbit-1");
            Environment.SetEnvironmentVariable(prefix + "2", "10.0.0.3:5672");
            var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();

            var options = configuration.GetSection(TransportOptions.Section).Get<TransportOptions>()!;

            Assert.Multiple(() =>
            {
                Assert.That(options.RabbitMq.ClusterNodes, Is.EqualTo(new[] { "rabbit-2:5673", "rabbit-1", "10.0.0.3:5672" }));
                Assert.That(BrokerNode.Of(options.RabbitMq), Is.EqualTo(new[]
                {
                    new BrokerNode("rabbit-2", 5673), new BrokerNode("rabbit-1", 5672), new BrokerNode("10.0.0.3", 5672),
                }), "the port defaults to Port");
            });
        }
        finally
        {
            for (var i = 0; i < 3; i++)
                Environment.SetEnvironmentVariable(prefix + i, null);
        }
    }

    [TestCase("rabbit-1")]
    [TestCase("rabbit-1.internal:5673")]
    [TestCase("10.0.0.7:1")]
    [TestCase("localhost:65535")]
    public void A_host_or_host_and_port_is_a_valid_cluster_node(string entry) =>
        Assert.That(Failures(Rabbit(r => r.ClusterNodes = ["rabbit-0", entry])), Is.Empty);

    [TestCase("", "is empty")]
    [TestCase(" ", "is empty")]
    [TestCase("rabbit-1:", "the port '' must be a number between 1 and 65535")]
    [TestCase("rabbit-1:0", "the port '0' must be a number between 1 and 65535")]
    [TestCase("rabbit-1:65536", "the port '65536' must be a number between 1 and 65535")]
    [TestCase("rabbit-1:+5672", "the port '+5672' must be a number between 1 and 65535")]
    [TestCase("rabbit-1:amqp", "the port 'amqp' must be a number between 1 and 65535")]
    [TestCase("amqp://rabbit-1", "the port '//rabbit-1' must be a number between 1 and 65535")]
    [TestCase("::1", "must be host or host:port (an IPv6 address cannot be given: use a host name)")]
    [TestCase("rabbit 1:5672", "'rabbit 1' is not a host name or IPv4 address")]
    [TestCase(":5672", "'' is not a host name or IPv4 address")]
    public void A_bad_cluster_node_is_named_with_its_index_and_what_is_wrong(string entry, string problem) =>
        Assert.That(Failures(Rabbit(r => r.ClusterNodes = ["rabbit-0", entry])),
            Is.EqualTo(new[] { $"Saga:Transport:RabbitMq:ClusterNodes:1 '{entry}' {problem}" }));

    [Test]
    public void A_node_listed_twice_is_refused_even_when_one_entry_relies_on_the_default_port() =>
        Assert.That(Failures(Rabbit(r => r.ClusterNodes = ["rabbit-1", "rabbit-2", "Rabbit-1:5672"])),
            Is.EqualTo(new[] { "Saga:Transport:RabbitMq:ClusterNodes:2 'Rabbit-1:5672' names Rabbit-1:5672 a second time" }));

    [TestCase(0, "Saga:Transport:RabbitMq:DeliveryLimit must be at least 1, was 0")]
    [TestCase(-1, "Saga:Transport:RabbitMq:DeliveryLimit must be at least 1, was -1")]
    public void A_delivery_limit_below_one_is_refused(int limit, string failure) =>
        Assert.That(Failures(Rabbit(r => r.DeliveryLimit = limit)), Is.EqualTo(new[] { failure }));

    [TestCase("")]
    [TestCase("dead letters")]
    public void A_dead_letter_exchange_that_is_no_exchange_name_is_refused(string exchange) =>
        Assert.That(Failures(Rabbit(r => r.DeadLetterExchange = exchange)), Is.EqualTo(new[]
        {
            $"Saga:Transport:RabbitMq:DeadLetterExchange must be an exchange name (letters, digits, '-', '_', '.', ':'; at most 255), was '{exchange}'",
        }));

    [Test]
    public void The_start_up_line_names_the_cluster_nodes_in_order_and_the_quorum_arguments()
    {
        var description = TransportDescription.Of(Rabbit(r =>
        {
            r.ClusterNodes = ["rabbit-3", "rabbit-1:5673"];
            r.DeliveryLimit = 7;
        }));

        Assert.That(description, Does.Contain("RabbitMQ at the cluster nodes rabbit-3:5672, rabbit-1:5673 (in this order; failing over to the next)")
            .And.Contain("quorum queues (delivery limit 7, dead-lettering to 'saga-dead-letter')")
            .And.Not.Contain("secret"));
    }

    [Test]
    public void Without_cluster_nodes_the_start_up_line_names_the_host_and_classic_queues_when_asked_for() =>
        Assert.That(TransportDescription.Of(Rabbit(r => r.QuorumQueues = false)),
            Does.StartWith("RabbitMQ at rabbit.internal:5672, virtual host '/'").And.Contain("classic queues"));
}
