using System.Text.Json;
using System.Text.RegularExpressions;
using Saga.Contracts;
using Saga.SagaOrchestrator.Configuration;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// The quorum-queue policy <c>saga-quorum</c> in <c>rabbitmq/definitions.json</c>: it covers the services' queues (and
/// nothing else), bounds redeliveries, and dead-letters to a replicated queue without losing what it dead-letters.
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
}
