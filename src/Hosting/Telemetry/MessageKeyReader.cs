using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Saga.Hosting.Telemetry;

/// <summary>
/// Reads a <see cref="MessageKey"/> from a message: its property of that name, or that of the message a
/// <see cref="Fault{T}"/> is about. What to read is worked out once per message type.
/// </summary>
public sealed class MessageKeyReader
{
    readonly ConcurrentDictionary<Type, Func<object, Guid?>> _readers = new();

    public MessageKeyReader(MessageKey key)
    {
        Key = key;
        Scope = LoggerMessage.DefineScope<Guid>(key.LogScope);
    }

    public MessageKey Key { get; }

    /// <summary>Begins the key's log scope.</summary>
    public Func<ILogger, Guid, IDisposable?> Scope { get; }

    /// <summary>The key <paramref name="message"/> carries, or null when it carries none (or an empty one).</summary>
    public Guid? Read(object message) => _readers.GetOrAdd(message.GetType(), Reader)(message);

    Func<object, Guid?> Reader(Type type)
    {
        if (type.GetProperty(Key.PropertyName, BindingFlags.Public | BindingFlags.Instance) is { PropertyType: var propertyType } property
            && propertyType == typeof(Guid))
            return message => property.GetValue(message) is Guid id && id != Guid.Empty ? id : null;

        // Fault<T> arrives as MassTransit's own implementation of the interface.
        var fault = type.GetInterfaces().Append(type).FirstOrDefault(x => x.IsGenericType && x.GetGenericTypeDefinition() == typeof(Fault<>));
        if (fault?.GetProperty(nameof(Fault<object>.Message)) is { } faulted)
            return message => faulted.GetValue(message) is { } inner ? Read(inner) : null;

        return _ => null;
    }
}
