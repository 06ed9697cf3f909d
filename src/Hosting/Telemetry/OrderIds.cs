using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;

namespace Saga.Hosting.Telemetry;

/// <summary>Reads the order id a message carries: its <c>OrderId</c> property, or that of the message a fault is about.</summary>
public static class OrderIds
{
    static readonly ConcurrentDictionary<Type, Func<object, Guid?>> Readers = new();

    public static Guid? Of(object message) => Readers.GetOrAdd(message.GetType(), Reader)(message);

    static Func<object, Guid?> Reader(Type type)
    {
        if (type.GetProperty("OrderId", BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var propertyType } orderId
            && propertyType == typeof(Guid))
            return message => orderId.GetValue(message) is Guid id && id != Guid.Empty ? id : null;

        // Fault<T> arrives as MassTransit's own implementation of the interface.
        var fault = type.GetInterfaces().Append(type).FirstOrDefault(x => x.IsGenericType && x.GetGenericTypeDefinition() == typeof(Fault<>));
        if (fault?.GetProperty(nameof(Fault<object>.Message)) is { } faulted)
            return message => faulted.GetValue(message) is { } inner ? Of(inner) : null;

        return _ => null;
    }
}
