using Microsoft.Extensions.Configuration;
using Saga.Operations.Outbox;

namespace Saga.OperatorConsole.Data;

/// <summary>
/// The services whose outbox the console reads: the orchestrator's always (its database defaults to orchestrator.db, as
/// the orchestrator's does), a participant's only where the settings have its database section: the console may run
/// next to the orchestrator alone, and a participant's default SQLite file would then be a guess.
/// </summary>
public sealed record ConfiguredOutboxes(IReadOnlyList<OutboxService> Services)
{
    public static ConfiguredOutboxes In(IConfiguration configuration) =>
        new([.. OutboxService.All.Where(s => s == OutboxService.Orchestrator || configuration.GetSection(s.DatabaseSection).Exists())]);
}
