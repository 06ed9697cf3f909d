using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Saga.Integration.Tests.EndToEnd.Support;

/// <summary>
/// A RabbitMQ user of its own on one virtual host, whose right to publish the saga's messages a test takes away and gives
/// back. With the right taken away the broker itself refuses every publish to a message exchange
/// (<c>Saga.Contracts:…</c>) with a channel error 403 ACCESS_REFUSED: a real transport failure, on the sending side only.
/// </summary>
/// <remarks>
/// Users and permissions are set through the management HTTP API, which writes the same permission store as
/// <c>rabbitmqctl add_user</c> / <c>set_permissions</c>, without starting an Erlang VM per call.
/// </remarks>
public sealed class BrokerUser
{
    const string Everything = ".*";

    // Everything but the message exchanges: the user still declares and binds its own queues and exchanges (payment,
    // payment_error, its bus's temporary queue, …), so it keeps consuming, but publishes no reply.
    const string EverythingButMessageExchanges = @"^(?!Saga\.Contracts:).*";

    BrokerUser(string virtualHost, string name, string password)
    {
        VirtualHost = virtualHost;
        Name = name;
        Password = password;
    }

    public string VirtualHost { get; }

    public string Name { get; }

    public string Password { get; }

    /// <summary>Creates the user with full permissions on <paramref name="virtualHost"/> (and no administrator tag).</summary>
    public static async Task<BrokerUser> CreateAsync(string virtualHost)
    {
        var user = new BrokerUser(virtualHost, "saga-participants-" + Guid.NewGuid().ToString("N")[..8], Guid.NewGuid().ToString("N"));
        await PutAsync($"api/users/{Uri.EscapeDataString(user.Name)}", new { password = user.Password, tags = "" });
        await user.AllowPublishingAsync();
        return user;
    }

    /// <summary>
    /// From now on the broker refuses this user's publishes to message exchanges. RabbitMQ caches granted checks per
    /// channel, so take the right away before the user first publishes there (or reconnect it).
    /// </summary>
    public Task DenyPublishingAsync() => SetPermissions(write: EverythingButMessageExchanges);

    public Task AllowPublishingAsync() => SetPermissions(write: Everything);

    Task SetPermissions(string write) =>
        PutAsync($"api/permissions/{Uri.EscapeDataString(VirtualHost)}/{Uri.EscapeDataString(Name)}",
            new { configure = Everything, write, read = Everything });

    static async Task PutAsync(string path, object body)
    {
        using var management = new HttpClient { BaseAddress = Servers.Rabbit.ManagementUri };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Servers.Rabbit.Username}:{Servers.Rabbit.Password}")));
        using var response = await management.PutAsync(new Uri(path, UriKind.Relative), JsonContent.Create(body));
        if (!response.IsSuccessStatusCode)
            Assert.Fail($"PUT {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
