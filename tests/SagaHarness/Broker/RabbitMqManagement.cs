using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Broker;

/// <summary>
/// The private broker's management HTTP API: users and permissions (what <c>rabbitmqctl add_user</c> / <c>set_permissions</c>
/// write, without starting an Erlang VM per call), message counters, queue depths and client connections. Each call goes
/// to a node that is up at that moment (a cluster's nodes share users, queues and connections' listing).
/// </summary>
public sealed class RabbitMqManagement : IDisposable
{
    readonly HttpClient _http;
    readonly Func<RabbitMqTestNode> _runningNode;

    public RabbitMqManagement(RabbitMqTestNode node)
        : this(() => node, node.Username, node.Password)
    {
    }

    /// <param name="runningNode">A node that is up now, asked at each call.</param>
    /// <param name="username">An administrator on every node.</param>
    /// <param name="password">Its password.</param>
    public RabbitMqManagement(Func<RabbitMqTestNode> runningNode, string username, string password)
    {
        _runningNode = runningNode;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
    }

    /// <summary>Creates a user without administrator tags and with full rights on <paramref name="virtualHost"/> only.</summary>
    public async Task CreateUserAsync(string name, string password, string virtualHost, CancellationToken cancellationToken)
    {
        await PutAsync($"api/users/{Uri.EscapeDataString(name)}", new { password, tags = "" }, cancellationToken);
        await PutAsync($"api/permissions/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(name)}",
            new { configure = ".*", write = ".*", read = ".*" }, cancellationToken);
    }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var overview = await GetAsync("api/overview", cancellationToken);
        return overview.RootElement.GetProperty("rabbitmq_version").GetString() ?? "?";
    }

    /// <summary>
    /// The virtual host's counters. The broker refreshes them every few seconds (<c>collect_statistics_interval</c>,
    /// 5 s by default), so read them when the system has been quiet for longer than that.
    /// </summary>
    public async Task<BrokerCounters> CountersAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var vhost = await GetAsync($"api/vhosts/{Uri.EscapeDataString(virtualHost)}", cancellationToken);
        if (!vhost.RootElement.TryGetProperty("message_stats", out var stats))
            return default;
        return new BrokerCounters(Counter(stats, "publish"), Counter(stats, "deliver_get"));
    }

    /// <summary>Messages waiting in each queue of the virtual host.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueueDepthsAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var queues = await GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}?columns=name,messages", cancellationToken);
        return queues.RootElement.EnumerateArray().ToDictionary(q => q.GetProperty("name").GetString()!, q => Counter(q, "messages"));
    }

    /// <summary>
    /// Up to <paramref name="count"/> messages at the head of a queue, read and requeued (<c>ack_requeue_true</c>): the
    /// queue holds the same messages afterwards. Each with its AMQP <c>message_id</c> (null without one) and, for a message
    /// MassTransit moved to an error queue, the fault it recorded (<c>MT-Fault-ExceptionType</c>: <c>MT-Fault-Message</c>).
    /// </summary>
    public async Task<IReadOnlyList<QueuedMessage>> PeekAsync(string virtualHost, string queue, int count, CancellationToken cancellationToken)
    {
        var path = $"api/queues/{Uri.EscapeDataString(virtualHost)}/{Uri.EscapeDataString(queue)}/get";
        using var response = await _http.PostAsync(Address(path),
            JsonContent.Create(new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 1000 }), cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var messages = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return messages.RootElement.EnumerateArray().Select(m =>
        {
            var properties = m.GetProperty("properties");
            Guid? id = properties.TryGetProperty("message_id", out var messageId) && Guid.TryParse(messageId.GetString(), out var parsed) ? parsed : null;
            string? fault = null;
            if (properties.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
            {
                var type = headers.TryGetProperty("MT-Fault-ExceptionType", out var t) ? t.ToString() : null;
                var message = headers.TryGetProperty("MT-Fault-Message", out var f) ? f.ToString() : null;
                fault = type is null && message is null ? null : $"{type}: {message}";
            }

            return new QueuedMessage(id, fault);
        }).ToList();
    }

    /// <summary>The client connections to <paramref name="virtualHost"/>, each with the node it is connected to.</summary>
    public async Task<IReadOnlyList<BrokerConnection>> ConnectionsAsync(string virtualHost, CancellationToken cancellationToken)
    {
        using var connections = await GetAsync("api/connections?columns=name,node,vhost,user,client_properties", cancellationToken);
        return connections.RootElement.EnumerateArray()
            .Where(c => c.TryGetProperty("vhost", out var vhost) && vhost.GetString() == virtualHost)
            .Select(c => new BrokerConnection(c.GetProperty("name").GetString() ?? "", c.GetProperty("node").GetString() ?? "",
                c.TryGetProperty("user", out var user) ? user.GetString() ?? "" : "",
                c.TryGetProperty("client_properties", out var client) && client.ValueKind == JsonValueKind.Object &&
                client.TryGetProperty("connection_name", out var name) ? name.GetString() : null))
            .ToList();
    }

    static long Counter(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    async Task<JsonDocument> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Address(path), cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
    }

    async Task PutAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PutAsync(Address(path), JsonContent.Create(body), cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    Uri Address(string path) => new(_runningNode().ManagementUri, path);

    public void Dispose() => _http.Dispose();
}
