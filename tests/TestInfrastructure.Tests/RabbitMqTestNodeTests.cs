using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Saga.TestInfrastructure.Tests;

[TestFixture]
public sealed class RabbitMqTestNodeTests
{
    private static RabbitMqTestNode Node => TestServers.RabbitMq;

    [Test]
    [CancelAfter(60_000)]
    public async Task Publishes_and_gets_a_message_on_the_default_virtual_host(CancellationToken cancellationToken)
    {
        await using var connection = await Connect(Node.AmqpUri, cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var queue = "default-vhost-" + Guid.NewGuid().ToString("N");
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);

        await channel.BasicPublishAsync(string.Empty, queue, Encoding.UTF8.GetBytes("hello saga"), cancellationToken);
        var message = await GetWithinAsync(channel, queue, cancellationToken);

        Assert.That(Encoding.UTF8.GetString(message.Body.Span), Is.EqualTo("hello saga"));
        await channel.QueueDeleteAsync(queue, cancellationToken: cancellationToken);
    }

    [Test]
    public void Exposes_loopback_settings_of_its_own()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Node.Host, Is.EqualTo("127.0.0.1"));
            Assert.That(Node.Port, Is.Not.EqualTo(5672), "never the default port a system broker would use");
            Assert.That(Node.VirtualHost, Is.EqualTo("/"));
            Assert.That(Node.NodeName, Does.StartWith("saga-test-").And.EndWith("@localhost"));
            Assert.That(Node.AmqpUri.ToString(), Is.EqualTo($"amqp://{Node.Username}:{Node.Password}@127.0.0.1:{Node.Port}/"));
            Assert.That(Node.AmqpUriFor("a/b").AbsolutePath, Is.EqualTo("/a%2Fb"));
            Assert.That(Directory.Exists(Node.DataDirectory), Is.True);
        }
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Rabbitmqctl_talks_to_this_node_and_its_private_data_directory(CancellationToken cancellationToken)
    {
        var mnesiaDirectory = await Node.RunCtlAsync("eval", "rabbit_mnesia:dir().");

        Assert.That(mnesiaDirectory, Does.Contain(Node.DataDirectory));
        cancellationToken.ThrowIfCancellationRequested();
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task The_only_user_is_a_random_administrator_not_guest(CancellationToken cancellationToken)
    {
        var users = await Node.RunCtlAsync("-q", "list_users", "--no-table-headers");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Node.Username, Is.Not.EqualTo("guest"));
            Assert.That(Node.Password, Is.Not.EqualTo("guest").And.Length.AtLeast(20));
            Assert.That(users.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
            Assert.That(users, Does.Contain(Node.Username).And.Contain("administrator"));
            Assert.That(users, Does.Not.Contain("guest"));
        }

        var guest = new UriBuilder(Node.AmqpUri) { UserName = "guest", Password = "guest" }.Uri;
        Assert.That(
            async () => await Connect(guest, cancellationToken),
            Throws.InstanceOf<BrokerUnreachableException>().Or.InstanceOf<AuthenticationFailureException>());
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_wrong_password_is_refused(CancellationToken cancellationToken)
    {
        var wrong = new UriBuilder(Node.AmqpUri) { Password = "not-the-password" }.Uri;

        Assert.That(
            async () => await Connect(wrong, cancellationToken),
            Throws.InstanceOf<BrokerUnreachableException>().Or.InstanceOf<AuthenticationFailureException>());
        await using var right = await Connect(Node.AmqpUri, cancellationToken);
        Assert.That(right.IsOpen, Is.True);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task A_created_virtual_host_is_usable_and_isolated(CancellationToken cancellationToken)
    {
        var vhost = await Node.CreateVirtualHostAsync(cancellationToken: cancellationToken);
        var queue = "isolated-" + Guid.NewGuid().ToString("N");

        await using (var connection = await Connect(Node.AmqpUriFor(vhost), cancellationToken))
        {
            var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
            await using var channel = await connection.CreateChannelAsync(options, cancellationToken);
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
            for (var i = 0; i < 3; i++)
            {
                // With confirms on, each publish returns once the broker has the message.
                await channel.BasicPublishAsync(string.Empty, queue, Encoding.UTF8.GetBytes($"m{i}"), cancellationToken);
            }
        }

        var inVhost = await Node.GetQueueMessageCountsAsync(vhost);
        var inDefault = await Node.GetQueueMessageCountsAsync();
        var raw = await Node.RunCtlAsync("list_queues", "-p", vhost, "name", "messages");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(vhost, Does.StartWith("saga-test-"));
            Assert.That(inVhost, Does.ContainKey(queue).WithValue(3));
            Assert.That(inDefault, Does.Not.ContainKey(queue));
            Assert.That(raw, Does.Contain(queue));
        }

        await Node.DeleteVirtualHostAsync(vhost, cancellationToken);
        Assert.That(await Node.RunCtlAsync("-q", "list_vhosts", "--no-table-headers"), Does.Not.Contain(vhost));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task A_named_virtual_host_gets_that_name(CancellationToken cancellationToken)
    {
        var name = "named-" + Guid.NewGuid().ToString("N");

        var vhost = await Node.CreateVirtualHostAsync(name, cancellationToken);
        await using var connection = await Connect(Node.AmqpUriFor(vhost), cancellationToken);

        Assert.That(vhost, Is.EqualTo(name));
        Assert.That(connection.IsOpen, Is.True);
        await Node.DeleteVirtualHostAsync(vhost, cancellationToken);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Several_clients_can_be_connected_at_once(CancellationToken cancellationToken)
    {
        var connections = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Connect(Node.AmqpUri, cancellationToken)));
        try
        {
            foreach (var connection in connections)
            {
                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                var declared = await channel.QueueDeclareAsync(
                    string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken);
                Assert.That(declared.QueueName, Does.StartWith("amq.gen-"));
            }

            Assert.That(connections.Select(c => c.IsOpen), Is.All.True);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task The_management_API_answers_for_the_administrator(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Node.ManagementUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Node.Username}:{Node.Password}")));

        var whoAmI = await http.GetFromJsonAsync<WhoAmI>(new Uri("api/whoami", UriKind.Relative), cancellationToken);

        Assert.That(whoAmI?.Name, Is.EqualTo(Node.Username));
    }

    [Test]
    [CancelAfter(60_000)]
    public void A_failing_rabbitmqctl_command_throws_with_its_output(CancellationToken cancellationToken)
    {
        var vhost = "no-such-vhost-" + Guid.NewGuid().ToString("N");

        var failure = Assert.ThrowsAsync<ProcessFailedException>(async () => await Node.RunCtlAsync("delete_vhost", vhost));

        Assert.That(failure.Result?.ExitCode, Is.Not.Zero);
        Assert.That(failure.Message, Does.Contain($"Virtual host '{vhost}' does not exist"));
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static async Task<IConnection> Connect(Uri uri, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = false,
            RequestedConnectionTimeout = TimeSpan.FromSeconds(10),
        };
        return await factory.CreateConnectionAsync(cancellationToken);
    }

    private static async Task<BasicGetResult> GetWithinAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        // A publish without confirms is asynchronous: poll (bounded by the test's CancelAfter) until the message is there.
        while (true)
        {
            if (await channel.BasicGetAsync(queue, autoAck: true, cancellationToken) is { } message)
            {
                return message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }
    }

    private sealed record WhoAmI(string Name);
}
