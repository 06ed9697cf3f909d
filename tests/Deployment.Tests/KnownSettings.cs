using System.Collections;
using System.Reflection;
using Saga.Participants.Configuration;
using Saga.Persistence.Outbox;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.Configuration;
using Saga.Settings.Database;
using Saga.Settings.Transport;

namespace Saga.Deployment.Tests;

/// <summary>
/// Every setting the services read, as a configuration path (<c>Saga:Transport:RabbitMq:Password</c>), taken from the
/// typed options classes and the sections they are bound to, so that a deployment file naming a setting that does not
/// exist (a typo, a renamed key) fails a test instead of being silently ignored by the configuration binder.
/// </summary>
public static class KnownSettings
{
    /// <summary>
    /// Settings of sections whose options classes come with other parts of the issue (the operations listener); named
    /// here as documented, so that the deployment files can already use them.
    /// </summary>
    static readonly string[] Documented = ["Operations:Enabled", "Operations:Url"];

    /// <summary>Variables the .NET host itself reads.</summary>
    static readonly string[] HostVariables = ["DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT", "DOTNET_CLI_TELEMETRY_OPTOUT"];

    static readonly Lazy<HashSet<string>> Paths = new(Collect);

    /// <summary>True when the environment variable <paramref name="name"/> (<c>Section__Key</c>) sets a setting of ours.</summary>
    public static bool IsEnvironmentVariable(string name) =>
        HostVariables.Contains(name, StringComparer.Ordinal) || IsPath(name.Replace("__", ":", StringComparison.Ordinal));

    /// <summary>True when <paramref name="path"/> is one of our settings (an index after a list setting included).</summary>
    public static bool IsPath(string path)
    {
        if (Paths.Value.Contains(path))
            return true;
        // A list element: Participants:Enabled:0.
        var last = path.LastIndexOf(':');
        return last > 0 && int.TryParse(path[(last + 1)..], out _) && Paths.Value.Contains(path[..last] + ":[]");
    }

    static HashSet<string> Collect()
    {
        var paths = new HashSet<string>(Documented, StringComparer.OrdinalIgnoreCase);
        Add(paths, TransportOptions.Section, typeof(TransportOptions));
        Add(paths, OrderSagaOptions.Section, typeof(OrderSagaOptions));
        Add(paths, $"{OrderSagaOptions.Section}:Database", typeof(DatabaseOptions));
        Add(paths, $"{OrderSagaOptions.Section}:Outbox", typeof(TransactionalOutboxOptions<>));
        Add(paths, OrderSagaRegistration.SchedulerSection, typeof(DurableSchedulerOptions<>));
        Add(paths, OrderSagaRegistration.HistorySection, typeof(TransitionHistoryOptions<>));
        Add(paths, ParticipantsOptions.Section, typeof(ParticipantsOptions));
        foreach (var participant in Enum.GetValues<ParticipantKind>())
        {
            Add(paths, ParticipantsOptions.DatabaseSection(participant), typeof(DatabaseOptions));
            Add(paths, ParticipantsOptions.OutboxSection(participant), typeof(TransactionalOutboxOptions<>));
        }

        return paths;
    }

    static void Add(HashSet<string> paths, string prefix, Type options)
    {
        foreach (var property in options.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || !property.CanWrite)
                continue;
            var path = $"{prefix}:{property.Name}";
            var type = property.PropertyType;
            if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
                paths.Add(path + ":[]");
            else if (type.IsClass && type != typeof(string))
                Add(paths, path, type);
            else
                paths.Add(path);
        }
    }
}
