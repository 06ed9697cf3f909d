using System.Reflection;
using System.Text.Json.Nodes;
using MassTransit.Serialization;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>
/// The properties of a contract type that a sample does not hold, at any depth. A producer of that sample's version
/// never sends them, so each must be optional (nullable): the consumer reads null and has to cope with it.
/// </summary>
public static class OptionalProperties
{
    static readonly NullabilityInfoContext Nullability = new();

    /// <summary>The paths of properties <paramref name="message"/> lacks although <paramref name="type"/> requires them.</summary>
    public static IReadOnlyList<string> MissingRequired(JsonObject message, Type type)
    {
        var missing = new List<string>();
        Walk(message, type, "message", missing);
        return missing;
    }

    static void Walk(JsonObject json, Type type, string path, List<string> missing)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var name = SystemTextJsonMessageSerializer.Options.PropertyNamingPolicy?.ConvertName(property.Name) ?? property.Name;
            if (!json.TryGetPropertyValue(name, out var value))
            {
                if (!IsOptional(property))
                    missing.Add($"{path}.{name}");
                continue;
            }

            var itemType = ContractTypes.ItemType(property.PropertyType);
            if (!ContractTypes.All.Contains(itemType))
                continue;
            if (value is JsonObject part)
                Walk(part, itemType, $"{path}.{name}", missing);
            else if (value is JsonArray parts)
            {
                for (var i = 0; i < parts.Count; i++)
                {
                    if (parts[i] is JsonObject element)
                        Walk(element, itemType, $"{path}.{name}[{i}]", missing);
                }
            }
        }
    }

    static bool IsOptional(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null || Nullability.Create(property).ReadState == NullabilityState.Nullable;
}
