namespace Saga.SagaHarness.Broker;

/// <summary>
/// RabbitMQ's own message counters for one virtual host since it was created (management API <c>message_stats</c>):
/// messages published into it, and messages delivered to consumers (<c>deliver_get</c>).
/// </summary>
public readonly record struct BrokerCounters(long Published, long Delivered)
{
    public static BrokerCounters operator -(BrokerCounters after, BrokerCounters before) =>
        new(after.Published - before.Published, after.Delivered - before.Delivered);
}
