using System.Text.Json;
using System.Text.RegularExpressions;
using Saga.Contracts;
using Saga.SagaOrchestrator.Configuration;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The broker permissions in <c>rabbitmq/definitions.json</c> against the contracts: a new message type the services
/// publish or consume needs its exchange in a service's patterns, or the service stalls on ACCESS_REFUSED the first time
/// it declares it (see deploy/README.md, RabbitMQ).
/// </summary>
public sealed class BrokerDefinitionsTests
{
    // Contract types that never get a message exchange: parts of messages, and answers, which go to the asker's bus queue.
    static readonly string[] WithoutExchange =
    [
        nameof(OrderItem), nameof(ShippingAddress), nameof(OrderCustomer), nameof(PersonName), nameof(ContactDetails),
        nameof(OrderCancellationAccepted), nameof(OrderCancellationRefused), nameof(CompensationRetryAccepted), nameof(CompensationRetryRefused),
    ];

    static IEnumerable<string> MessageTypes() =>
        typeof(SubmitOrder).Assembly.GetExportedTypes()
            .Where(type => type is { Namespace: "Saga.Contracts", IsClass: true, IsAbstract: false } && !WithoutExchange.Contains(type.Name))
            .Select(type => type.Name);

    [TestCaseSource(nameof(MessageTypes))]
    public void Every_message_types_exchange_may_be_declared_by_a_service(string messageType)
    {
        var exchange = $"Saga.Contracts:{messageType}";
        var permissions = Permissions();

        Assert.That(new[] { "saga-orchestrator", "saga-participants" }.Where(user => Regex.IsMatch(exchange, permissions[user].Configure)), Is.Not.Empty,
            $"no service may declare {exchange}: add it to the permissions of the service that publishes or consumes it");
    }

    [Test]
    public void Nobody_may_write_to_the_default_exchange_or_to_everything()
    {
        foreach (var (user, permission) in Permissions())
        {
            Assert.That(Regex.IsMatch("amq.default", permission.Write), Is.False, user);
            Assert.That(Regex.IsMatch("anything-at-all", permission.Write), Is.False, user);
        }
    }

    // Declaring needs configure; binding needs write on the queue and read on the exchange, which share the name.
    [TestCase("saga-orchestrator", "saga-dead-letter")]
    [TestCase("saga-participants", "saga-dead-letter")]
    [TestCase("saga-orchestrator", QueueNames.Payment)]
    [TestCase("saga-orchestrator", QueueNames.Inventory)]
    [TestCase("saga-orchestrator", QueueNames.Shipping)]
    [TestCase("saga-orchestrator", OrderSagaRegistration.SchedulerQueue)]
    public void A_service_may_declare_and_bind_the_exchange_and_queue_it_provisions(string user, string name)
    {
        var permission = Permissions()[user];

        Assert.That((Regex.IsMatch(name, permission.Configure), Regex.IsMatch(name, permission.Write), Regex.IsMatch(name, permission.Read)),
            Is.EqualTo((true, true, true)), "configure, write, read");
    }

    static Dictionary<string, (string Configure, string Write, string Read)> Permissions()
    {
        using var definitions = JsonDocument.Parse(File.ReadAllText(DeployFiles.Path("rabbitmq/definitions.json")));
        return definitions.RootElement.GetProperty("permissions").EnumerateArray().ToDictionary(
            permission => permission.GetProperty("user").GetString()!,
            permission => (permission.GetProperty("configure").GetString()!, permission.GetProperty("write").GetString()!, permission.GetProperty("read").GetString()!));
    }
}
