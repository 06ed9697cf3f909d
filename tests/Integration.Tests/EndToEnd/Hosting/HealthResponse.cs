using System.Text.Json;

namespace Saga.Integration.Tests.EndToEnd.Hosting;

/// <summary>What a health endpoint answered: the status code, and each check's status by name from the JSON body.</summary>
public sealed record HealthResponse(int StatusCode, string Body)
{
    public IReadOnlyDictionary<string, string> Checks =>
        JsonDocument.Parse(Body).RootElement.GetProperty("checks").EnumerateArray()
            .ToDictionary(check => check.GetProperty("name").GetString()!, check => check.GetProperty("status").GetString()!);

    public override string ToString() => $"{StatusCode}: {Body}";
}
