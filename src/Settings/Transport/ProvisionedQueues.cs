namespace Saga.Settings.Transport;

/// <summary>
/// That this service provisions its broker topology (<see cref="QueueProvisioner"/>), and the queues of other services it
/// sends to, which it declares as well so that nothing it sends before they first started is lost. Registered with
/// <see cref="TransportRegistrationExtensions.AddQueueProvisioning"/> by the services, not by the CLI, whose broker users
/// may declare nothing of theirs.
/// </summary>
public sealed class ProvisionedQueues
{
    readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    internal void Add(IEnumerable<string> names) => _names.AddRange(names.Where(name => !_names.Contains(name, StringComparer.Ordinal)));
}
