using System.Reflection;
using MassTransit;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>
/// Which types of the Contracts assembly are messages. The rule: a public, non-static class in the namespace
/// <c>Saga.Contracts</c> is a message unless another contract type holds it in a property (or a list of it), which makes
/// it a part of messages (<c>OrderItem</c>, <c>ShippingAddress</c>, <c>OrderCustomer</c>, …): a part travels only inside
/// a message, whose samples cover it. Static classes (<c>OrderLimits</c>, <c>QueueNames</c>, <c>OrderTelemetry</c>) hold
/// constants, not messages. The rule needs no list to keep up to date: a new message is found by itself.
/// </summary>
public static class ContractTypes
{
    public const string Namespace = "Saga.Contracts";

    static readonly Assembly Assembly = typeof(SubmitOrder).Assembly;

    public static IReadOnlyList<Type> All =>
        [.. Assembly.GetExportedTypes().Where(t => t is { Namespace: Namespace, IsClass: true } && !(t.IsAbstract && t.IsSealed))];

    public static IReadOnlyList<Type> Parts => [.. All.Where(part => All.Any(holder => Holds(holder, part)))];

    public static IReadOnlyList<Type> Messages => [.. All.Except(Parts).OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>The contract type a <c>messageType</c> URN names (<c>urn:message:Saga.Contracts:SubmitOrder</c>), if any.</summary>
    public static Type? OfUrn(string urn) => All.FirstOrDefault(t => MessageUrn.ForTypeString(t) == urn);

    /// <summary>The type a list property holds, or the property's own type.</summary>
    public static Type ItemType(Type type) =>
        type != typeof(string) && type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            is { } enumerable
            ? enumerable.GetGenericArguments()[0]
            : type;

    static bool Holds(Type holder, Type part) =>
        holder != part && holder.GetProperties().Any(p => ItemType(p.PropertyType) == part);
}
