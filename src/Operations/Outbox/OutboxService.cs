namespace Saga.Operations.Outbox;

/// <summary>
/// A service with its own outbox in its own database, and where its settings keep that database: the orchestrator at
/// <c>Orchestrator:Database</c>, a participant at <c>Participants:{Name}:Database</c> (<c>ParticipantsOptions.DatabaseSection</c>),
/// each with the SQLite file the service defaults to.
/// </summary>
public sealed record OutboxService(string Name, string DatabaseSection, string DefaultSqliteFile)
{
    public static readonly OutboxService Orchestrator = new("orchestrator", OperatorSettings.OrchestratorDatabaseSection, OperatorSettings.OrchestratorSqliteFile);

    public static readonly IReadOnlyList<OutboxService> All =
    [
        Orchestrator,
        Participant("Payment"),
        Participant("Inventory"),
        Participant("Shipping"),
    ];

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static OutboxService Named(string name) => All.Single(s => s.Name == name);

    static OutboxService Participant(string kind) => new(kind.ToLowerInvariant(), $"Participants:{kind}:Database", $"{kind.ToLowerInvariant()}.db");
}
