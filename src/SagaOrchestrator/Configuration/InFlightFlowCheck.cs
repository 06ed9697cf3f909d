using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Hosting.Services;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.SagaOrchestrator.Configuration;

/// <summary>
/// Refuses to start the orchestrator while <c>order_sagas</c> holds unfinished orders this build cannot run: a flow
/// version it does not have (written by a newer build), or a state that the order's flow does not have (a step removed).
/// Such an order would fault on its next message, or wait forever. Registered after the migrations and before the bus,
/// so nothing is consumed until the check passed.
/// </summary>
public sealed partial class InFlightFlowCheck(IServiceScopeFactory scopes, ILogger<InFlightFlowCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var unknown = await FindUnknownAsync(scope.ServiceProvider.GetRequiredService<OrderSagaDbContext>(), cancellationToken);
        if (unknown.Count == 0)
            return;

        var message = Describe(unknown);
        LogRefused(logger, message);
        throw new StartupRefusedException(message);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The (flow version, state) pairs of unfinished orders that no flow of this build has, with their counts.</summary>
    public static async Task<IReadOnlyList<UnknownFlowState>> FindUnknownAsync(OrderSagaDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);

        // Grouped in the database on the indexed state column: one row per pair, however many orders are in flight.
        var finished = OrderFlows.FinishedStates.ToList();
        var pairs = await db.Orders
            .Where(x => !finished.Contains(x.CurrentState))
            .GroupBy(x => new { x.DefinitionVersion, x.CurrentState })
            .Select(g => new { g.Key.DefinitionVersion, g.Key.CurrentState, Orders = g.Count() })
            .ToListAsync(cancellationToken);

        return
        [
            .. pairs
                .Where(x => OrderFlows.Find(x.DefinitionVersion) is not { } flow || !flow.InFlightStates.Contains(x.CurrentState))
                .OrderBy(x => x.DefinitionVersion).ThenBy(x => x.CurrentState, StringComparer.Ordinal)
                .Select(x => new UnknownFlowState(x.DefinitionVersion, x.CurrentState, x.Orders)),
        ];
    }

    static string Describe(IReadOnlyList<UnknownFlowState> unknown) =>
        $"order_sagas holds in-flight orders this build cannot run: {string.Join("; ", unknown)}. " +
        $"This build knows flow versions {string.Join(", ", OrderFlows.All)}. " +
        "Roll forward to the build that started them (or a newer one), or finish or fix those orders " +
        "(e.g. let the build that knows them complete them) before starting this one.";

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Reason}")]
    static partial void LogRefused(ILogger logger, string reason);
}
