using System.Text.Json;
using System.Text.RegularExpressions;
using Saga.Contracts;
using Saga.SagaOrchestrator.Configuration;
using Saga.Settings.Transport;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The quorum-queue policy <c>saga-quorum</c> in <c>rabbitmq/definitions.json</c>: it covers the services' queues (and
/// nothing else), bounds redeliveries, and dead-letters to a replicated queue without losing what it dead-letters; and it
/// says what the services declare by default (<see cref="QuorumQueueArguments"/> with <see cref="RabbitMqOptions"/>'s
/// defaults), as do the dead-letter exchange and queue the definitions declare, which RabbitMQ would otherwise refuse
/// to redeclare (PRECONDITION_FAILED) when a service provisions them.
/// </summary>
public sealed class BrokerPolicyTests
{
    static readonly string[] ServiceQueues = [QueueNames.Orders, OrderSagaRegistration.SchedulerQueue, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];

    static JsonElement Definitions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(DeployFiles.Path("rabbitmq/definitions.json")));
        return document.RootElement.Clone();
    }

    static JsonElement Policy() => Definitions().GetProperty("policies").EnumerateArray().Single(policy => policy.GetProperty("name").GetString() == "saga-quorum");

    [Test]
    public void Applies_to_every_service_queue_and_to_no_error_skipped_or_dead_letter_queue()
    {
        var policy = Policy();
        var pattern = policy.GetProperty("pattern").GetString()!;

        Assert.Multiple(() =>
        {
            Assert.That(policy.GetProperty("apply-to").GetString(), Is.EqualTo("queues"));
            Assert.That(policy.GetProperty("vhost").GetString(), Is.EqualTo("saga"));
            foreach (var queue in ServiceQueues)
            {
                Assert.That(Regex.IsMatch(queue, pattern), Is.True, queue);
                Assert.That(Regex.IsMatch(queue + "_error", pattern), Is.False, queue + "_error");
                Assert.That(Regex.IsMatch(queue + "_skipped", pattern), Is.False, queue + "_skipped");
            }

            Assert.That(Regex.IsMatch(policy.GetProperty("definition").GetProperty("dead-letter-exchange").GetString()!, pattern), Is.False,
                "the dead-letter queue does not dead-letter to itself");
        });
    }

    [Test]
    public void Bounds_redeliveries_and_dead_letters_at_least_once_to_a_quorum_queue()
    {
        var definition = Policy().GetProperty("definition");
        var exchange = definition.GetProperty("dead-letter-exchange").GetString()!;
        var definitions = Definitions();
        var boundQueues = definitions.GetProperty("bindings").EnumerateArray()
            .Where(binding => binding.GetProperty("source").GetString() == exchange && binding.GetProperty("destination_type").GetString() == "queue")
            .Select(binding => binding.GetProperty("destination").GetString())
            .ToList();
        var quorumQueues = definitions.GetProperty("queues").EnumerateArray()
            .Where(queue => queue.GetProperty("arguments").TryGetProperty("x-queue-type", out var type) && type.GetString() == "quorum")
            .Select(queue => queue.GetProperty("name").GetString())
            .ToList();

        Assert.Multiple(() =>
        {
            Assert.That(definition.GetProperty("delivery-limit").GetInt32(), Is.Positive);
            Assert.That(definitions.GetProperty("exchanges").EnumerateArray().Select(e => e.GetProperty("name").GetString()), Has.Member(exchange));
            Assert.That(boundQueues, Is.Not.Empty.And.SubsetOf(quorumQueues), "dead-lettered messages land in a replicated queue");
            // At-least-once dead-lettering keeps a message until the dead-letter queue confirmed it; RabbitMQ requires
            // reject-publish overflow for it (with drop-head it falls back to at-most-once).
            Assert.That(definition.GetProperty("dead-letter-strategy").GetString(), Is.EqualTo("at-least-once"));
            Assert.That(definition.GetProperty("overflow").GetString(), Is.EqualTo("reject-publish"));
        });
    }

    [Test]
    public void Says_what_the_services_declare_on_their_queues_by_default()
    {
        var definition = Policy().GetProperty("definition");
        var declared = QuorumQueueArguments.ForServiceQueue(new RabbitMqOptions());

        Assert.Multiple(() =>
        {
            Assert.That(declared[QuorumQueueArguments.QueueType], Is.EqualTo("quorum"), "a policy cannot set the type; the services do");
            // Each x-argument but the type is the policy key without "x-", with the same value.
            foreach (var (argument, value) in declared.Where(pair => pair.Key != QuorumQueueArguments.QueueType))
            {
                var key = argument["x-".Length..];
                Assert.That(definition.TryGetProperty(key, out var policyValue), Is.True, $"the policy has no {key}");
                Assert.That(policyValue.ValueKind == JsonValueKind.Number ? (object)policyValue.GetInt32() : policyValue.GetString()!, Is.EqualTo(value), key);
            }

            Assert.That(definition.EnumerateObject().Select(property => "x-" + property.Name), Is.SubsetOf(declared.Keys), "nothing in the policy the services do not declare");
            Assert.That(definition.GetProperty("delivery-limit").GetInt32(), Is.EqualTo(new RabbitMqOptions().DeliveryLimit));
            Assert.That(definition.GetProperty("dead-letter-exchange").GetString(), Is.EqualTo(new RabbitMqOptions().DeadLetterExchange));
        });
    }

    [Test]
    public void Declares_the_dead_letter_exchange_and_queue_as_the_services_provision_them()
    {
        var name = new RabbitMqOptions().DeadLetterExchange;
        var definitions = Definitions();
        var exchange = definitions.GetProperty("exchanges").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);
        var queue = definitions.GetProperty("queues").EnumerateArray().Single(q => q.GetProperty("name").GetString() == name);
        var queueArguments = queue.GetProperty("arguments").EnumerateObject().ToDictionary(property => property.Name, property => (object)property.Value.GetString()!);

        Assert.Multiple(() =>
        {
            Assert.That(exchange.GetProperty("type").GetString(), Is.EqualTo("fanout"));
            Assert.That(exchange.GetProperty("durable").GetBoolean(), Is.True);
            Assert.That(exchange.GetProperty("auto_delete").GetBoolean(), Is.False);
            Assert.That(queue.GetProperty("durable").GetBoolean(), Is.True);
            Assert.That(queue.GetProperty("auto_delete").GetBoolean(), Is.False);
            Assert.That(queueArguments, Is.EquivalentTo(QuorumQueueArguments.ForDeadLetterQueue()));
            // Service queues are the services' to declare; declared here with other arguments, a service could not start.
            Assert.That(definitions.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("name").GetString()), Has.None.AnyOf(ServiceQueues));
        });
    }
}
