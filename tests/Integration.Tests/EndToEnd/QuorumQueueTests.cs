using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>With <c>QuorumQueues</c> on, every service queue is a quorum queue, and orders flow as before.</summary>
[NonParallelizable]
public sealed class QuorumQueueTests
{
    [Test]
    public async Task The_services_declare_quorum_queues_and_an_order_completes()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(quorumQueues: true));
        var order = TestOrders.Valid();

        await system.Submit(order);

        Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        var output = await Servers.Rabbit.RunCtlAsync("list_queues", "-q", "-p", system.Settings.VirtualHost, "--no-table-headers", "name", "type");
        var types = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1]);
        Assert.Multiple(() =>
        {
            foreach (var queue in new[] { QueueNames.Orders, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping })
                Assert.That(types.GetValueOrDefault(queue), Is.EqualTo("quorum"), queue);
        });
    }
}
