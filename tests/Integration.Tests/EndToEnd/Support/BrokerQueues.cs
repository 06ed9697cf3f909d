using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>The queues of one virtual host as the management API lists them: type and the arguments they were declared with.</summary>
public static class BrokerQueues
{
    public sealed record Queue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("arguments")] Dictionary<string, JsonElement> Arguments)
    {
        /// <summary>The arguments as plain values (numbers as integers), comparable with what the services declare.</summary>
        public Dictionary<string, object> PlainArguments() => Arguments.ToDictionary(a => a.Key,
            a => a.Value.ValueKind == JsonValueKind.Number ? (object)a.Value.GetInt32() : a.Value.ToString());
    }

    public static async Task<Dictionary<string, Queue>> ListAsync(RabbitMqTestNode node, string virtualHost)
    {
        using var management = new HttpClient { BaseAddress = node.ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.Username}:{node.Password}")));
        var queues = await management.GetFromJsonAsync<Queue[]>(
            new Uri($"api/queues/{Uri.EscapeDataString(virtualHost)}?columns=name,type,arguments", UriKind.Relative)) ?? [];
        return queues.ToDictionary(q => q.Name);
    }
}
