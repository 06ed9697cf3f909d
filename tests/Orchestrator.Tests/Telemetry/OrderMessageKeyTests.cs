using MassTransit;
using MassTransit.Metadata;
using Saga.Contracts;
using Saga.Hosting.Telemetry;

namespace Saga.Orchestrator.Tests.Telemetry;

/// <summary>
/// The key every service ties its logs and consume spans to (<see cref="MessageKeyRegistrationExtensions.AddMessageKey"/>
/// with <see cref="OrderTelemetry"/>'s names) is the order's id, in each message about an order and in a fault about one.
/// </summary>
public sealed class OrderMessageKeyTests
{
    static readonly MessageKeyReader Reader = new(new MessageKey(OrderTelemetry.OrderIdProperty, OrderTelemetry.OrderIdTag, OrderTelemetry.LogScope));

    // Parts of a message, not messages: they are never consumed on their own.
    static readonly Type[] MessageParts =
        [typeof(OrderItem), typeof(ShippingAddress), typeof(OrderCustomer), typeof(PersonName), typeof(ContactDetails)];

    [Test]
    public void The_key_of_a_message_about_an_order_is_its_order_id()
    {
        var orderId = Guid.NewGuid();

        Assert.That(Reader.Read(new ProcessPayment(orderId, "customer-1", 10m, "EUR")), Is.EqualTo(orderId));
    }

    [Test]
    public void The_key_of_a_fault_is_the_order_id_of_the_message_it_is_about()
    {
        var orderId = Guid.NewGuid();

        Assert.That(Reader.Read(new FaultOf<ProcessPayment>(new ProcessPayment(orderId, "customer-1", 10m, "EUR"))), Is.EqualTo(orderId));
    }

    [Test]
    public void A_message_without_an_order_id_or_with_an_empty_one_has_no_key()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Reader.Read(new OrderItem("sku-1", 1, 10m)), Is.Null);
            Assert.That(Reader.Read(new ProcessPayment(Guid.Empty, "customer-1", 10m, "EUR")), Is.Null);
        });
    }

    [Test]
    public void Every_message_contract_carries_the_order_id_the_key_is_read_from()
    {
        var messages = typeof(SubmitOrder).Assembly.GetExportedTypes()
            .Where(x => x is { IsClass: true, IsAbstract: false } && !MessageParts.Contains(x)).ToList();

        Assert.That(messages, Is.Not.Empty);
        Assert.That(messages.Where(x => x.GetProperty(OrderTelemetry.OrderIdProperty)?.PropertyType != typeof(Guid)).Select(x => x.Name),
            Is.Empty, "message contracts without a Guid OrderId");
    }

    sealed record FaultOf<T>(T Message) : Fault<T>
    {
        public Guid FaultId { get; } = Guid.NewGuid();

        public Guid? FaultedMessageId => null;

        public DateTime Timestamp { get; } = DateTime.UtcNow;

        public ExceptionInfo[] Exceptions => [];

        public HostInfo Host => HostMetadataCache.Host;

        public string[] FaultMessageTypes => [];
    }
}
