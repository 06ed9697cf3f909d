namespace Saga.Contracts;

/// <summary>
/// How every service names an order in its logs and spans, so that one order's log lines and spans can be found across
/// services by its id. Every message about an order carries that id as <see cref="OrderIdProperty"/> (a fault through
/// the message it is about).
/// </summary>
public static class OrderTelemetry
{
    /// <summary>The property of each message about an order that holds the order's id.</summary>
    public const string OrderIdProperty = nameof(SubmitOrder.OrderId);

    /// <summary>The tag that ties a span to its order.</summary>
    public const string OrderIdTag = "saga.order_id";

    /// <summary>The log scope around everything that handles a message about an order.</summary>
    public const string LogScope = "Order {OrderId}";
}
