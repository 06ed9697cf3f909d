using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>The AMQP connections of one virtual host as the management API lists them, with the node each is on.</summary>
public static class BrokerClientConnections
{
    public sealed record Connection(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("node")] string Node,
        [property: JsonPropertyName("vhost")] string VirtualHost);

    /// <summary>Asks <paramref name="node"/> (any running member) for every connection to <paramref name="virtualHost"/> in the cluster.</summary>
    public static async Task<IReadOnlyList<Connection>> ListAsync(RabbitMqTestNode node, string virtualHost)
    {
        using var management = new HttpClient { BaseAddress = node.ManagementUri, Timeout = TimeSpan.FromSeconds(30) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{node.Username}:{node.Password}")));
        var connections = await management.GetFromJsonAsync<Connection[]>(
            new Uri($"api/vhosts/{Uri.EscapeDataString(virtualHost)}/connections", UriKind.Relative)) ?? [];
        return connections;
    }
}
