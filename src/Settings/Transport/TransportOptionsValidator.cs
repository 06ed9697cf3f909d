using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Saga.Settings.Transport;

/// <summary>Refuses to start with transport settings that cannot work, naming the setting to fix.</summary>
public sealed partial class TransportOptionsValidator(IHostEnvironment environment) : IValidateOptions<TransportOptions>
{
    const string Prefix = TransportOptions.Section + ":RabbitMq:";

    public ValidateOptionsResult Validate(string? name, TransportOptions options)
    {
        if (!Enum.IsDefined(options.Kind))
            return ValidateOptionsResult.Fail($"{TransportOptions.Section}:Kind must be InMemory or RabbitMq");
        if (options.Kind != TransportKind.RabbitMq)
            return ValidateOptionsResult.Success;

        var rabbit = options.RabbitMq;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(rabbit.Host))
            failures.Add($"{Prefix}Host is required");
        if (rabbit.Port is < 1 or > 65535)
            failures.Add($"{Prefix}Port must be between 1 and 65535");
        if (string.IsNullOrWhiteSpace(rabbit.VirtualHost))
            failures.Add($"{Prefix}VirtualHost is required");
        if (string.IsNullOrWhiteSpace(rabbit.Username))
            failures.Add($"{Prefix}Username is required");
        if (string.IsNullOrEmpty(rabbit.Password))
            failures.Add($"{Prefix}Password is required (set it through the environment, e.g. Saga__Transport__RabbitMq__Password)");
        if (string.Equals(rabbit.Username, "guest", StringComparison.Ordinal) && !environment.IsDevelopment())
            failures.Add($"{Prefix}Username 'guest' is allowed only in the Development environment; create a user for this service");
        if (rabbit.BusQueuePrefix.Length > 0 && !BusQueuePrefixPattern().IsMatch(rabbit.BusQueuePrefix))
            failures.Add($"{Prefix}BusQueuePrefix may hold only letters, digits, '-' and '.' (at most 100), was '{rabbit.BusQueuePrefix}'");
        if (rabbit.PrefetchCount is < 1 or > 65535)
            failures.Add($"{Prefix}PrefetchCount must be between 1 and 65535");
        if (rabbit.ConcurrentMessageLimit < 1)
            failures.Add($"{Prefix}ConcurrentMessageLimit must be at least 1");
        failures.AddRange(ClusterNodeFailures(rabbit));
        if (rabbit.DeliveryLimit < 1)
            failures.Add($"{Prefix}DeliveryLimit must be at least 1, was {rabbit.DeliveryLimit}");
        if (!EntityNamePattern().IsMatch(rabbit.DeadLetterExchange))
            failures.Add($"{Prefix}DeadLetterExchange must be an exchange name (letters, digits, '-', '_', '.', ':'; at most 255), was '{rabbit.DeadLetterExchange}'");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>What is wrong with the <see cref="RabbitMqOptions.ClusterNodes"/> entries, one message each naming the entry; the CLI checks them too.</summary>
    public static IEnumerable<string> ClusterNodeFailures(RabbitMqOptions rabbit)
    {
        var seen = new HashSet<BrokerNode>();
        for (var i = 0; i < rabbit.ClusterNodes.Count; i++)
        {
            var entry = rabbit.ClusterNodes[i];
            if (!BrokerNode.TryParse(entry, rabbit.Port, out var node, out var problem))
                yield return $"{Prefix}ClusterNodes:{i} '{entry}' {problem}";
            else if (!seen.Add(node with { Host = node.Host.ToLowerInvariant() }))
                yield return $"{Prefix}ClusterNodes:{i} '{entry}' names {node} a second time";
        }
    }

    // The characters MassTransit allows in its entity names.
    [GeneratedRegex("^[A-Za-z0-9_.:-]{1,255}$")]
    private static partial Regex EntityNamePattern();

    // No '_': the permissions' patterns find where the prefix ends by the first one.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$")]
    private static partial Regex BusQueuePrefixPattern();
}
