using System.Globalization;

namespace Saga.Settings.Transport;

/// <summary>One RabbitMQ node the bus may connect to: an entry of <see cref="RabbitMqOptions.ClusterNodes"/>, or <see cref="RabbitMqOptions.Host"/>.</summary>
public readonly record struct BrokerNode(string Host, int Port)
{
    /// <summary>
    /// The nodes to connect to: the <see cref="RabbitMqOptions.ClusterNodes"/> in their order, or <see cref="RabbitMqOptions.Host"/>
    /// when there are none. The entries must be valid (<see cref="TryParse"/>; the options validator checks them at start).
    /// </summary>
    public static IReadOnlyList<BrokerNode> Of(RabbitMqOptions options) =>
        options.ClusterNodes.Count == 0
            ? [new BrokerNode(options.Host, options.Port)]
            : options.ClusterNodes.Select(entry => TryParse(entry, options.Port, out var node, out var problem)
                ? node
                : throw new FormatException($"{TransportOptions.Section}:RabbitMq:ClusterNodes entry '{entry}': {problem}")).ToList();

    /// <summary>
    /// Reads <c>host</c> or <c>host:port</c>, the form MassTransit's <c>UseCluster(c => c.Node(…))</c> takes: a host name or
    /// an IPv4 address (MassTransit splits at ':', so an IPv6 literal cannot be given; use a name), and a port from 1 to 65535.
    /// </summary>
    public static bool TryParse(string? entry, int defaultPort, out BrokerNode node, out string problem)
    {
        node = default;
        if (string.IsNullOrWhiteSpace(entry))
        {
            problem = "is empty";
            return false;
        }

        var parts = entry.Split(':');
        if (parts.Length > 2)
        {
            problem = "must be host or host:port (an IPv6 address cannot be given: use a host name)";
            return false;
        }

        var host = parts[0];
        if (Uri.CheckHostName(host) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            problem = $"'{host}' is not a host name or IPv4 address";
            return false;
        }

        var port = defaultPort;
        if (parts.Length == 2 && (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            problem = $"the port '{parts[1]}' must be a number between 1 and 65535";
            return false;
        }

        node = new BrokerNode(host, port);
        problem = "";
        return true;
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";
}
