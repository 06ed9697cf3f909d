using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saga.Contracts.Tests.GoldenSamples;

/// <summary>
/// Whether every value of a sample's message came back: each property the sample holds must be in the rewritten message
/// with an equal value, arrays element by element. Properties the sample lacks are not looked at (an older sample lacks
/// what was added later). Numbers compare by value: MassTransit writes a decimal as a string (<c>"89.90"</c>) and reads
/// both that and a JSON number (<c>89.90</c>), which clients outside .NET send.
/// </summary>
public static class JsonContainment
{
    public static IReadOnlyList<string> Differences(JsonNode? sample, JsonNode? written, string path = "message")
    {
        var differences = new List<string>();
        Compare(sample, written, path, differences);
        return differences;
    }

    static void Compare(JsonNode? sample, JsonNode? written, string path, List<string> differences)
    {
        switch (sample)
        {
            case null:
                if (written is not null)
                    differences.Add($"{path}: the sample holds null, read back as {written.ToJsonString()}");
                break;
            case JsonObject sampleObject when written is JsonObject writtenObject:
                foreach (var (name, value) in sampleObject)
                {
                    if (writtenObject.TryGetPropertyValue(name, out var writtenValue))
                        Compare(value, writtenValue, $"{path}.{name}", differences);
                    else
                        differences.Add($"{path}.{name}: the type has no such property (renamed or removed?)");
                }

                break;
            case JsonArray sampleArray when written is JsonArray writtenArray:
                if (sampleArray.Count != writtenArray.Count)
                    differences.Add($"{path}: {sampleArray.Count} elements in the sample, {writtenArray.Count} read back");
                for (var i = 0; i < Math.Min(sampleArray.Count, writtenArray.Count); i++)
                    Compare(sampleArray[i], writtenArray[i], $"{path}[{i}]", differences);
                break;
            case JsonValue sampleValue when written is JsonValue writtenValue:
                if (!SameValue(sampleValue, writtenValue))
                    differences.Add($"{path}: the sample holds {sampleValue.ToJsonString()}, read back as {writtenValue.ToJsonString()}");
                break;
            default:
                differences.Add($"{path}: the sample holds {sample.ToJsonString()}, read back as {written?.ToJsonString() ?? "null"}");
                break;
        }
    }

    static bool SameValue(JsonValue sample, JsonValue written) =>
        AsDecimal(sample) is { } a && AsDecimal(written) is { } b
            ? a == b
            : JsonNode.DeepEquals(sample, written);

    static decimal? AsDecimal(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.GetValue<decimal>(),
        JsonValueKind.String when decimal.TryParse(value.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
