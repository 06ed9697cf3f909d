using Saga.Integration.Tests.Schemas;
using Saga.Persistence.Dialects;
using Saga.Persistence.Transitions;
using Saga.SagaOrchestrator.Persistence;

namespace Saga.Integration.Tests.Migrations;

/// <summary>
/// The transition history cleanup's statement on each provider, built from the orchestrator's model as the service builds
/// it, in a configured schema too. For SQL Server this is all that is checked; SQLite and PostgreSQL run it in
/// Persistence.Tests (<c>TransitionHistoryCleanupTests</c>).
/// </summary>
public sealed class TransitionCleanupStatementTests
{
    static IEnumerable<TestCaseData> Cases()
    {
        foreach (var context in ProviderContext.All().Where(c => c.Name == "orchestrator"))
        {
            yield return new TestCaseData(context, null).SetArgDisplayNames(context.Provider.ToString(), "default schema");
            if (context.Provider != DatabaseProvider.Sqlite)
                yield return new TestCaseData(context, "audit").SetArgDisplayNames(context.Provider.ToString(), "audit");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Each_batch_deletes_the_old_rows_among_the_first_by_primary_key(ProviderContext context, string? schema)
    {
        using var db = (OrderSagaDbContext)context.InSchema(schema);
        var statement = TransitionCleanupStatement.For(db, SqlDialects.For(context.Provider));

        var expected = (context.Provider, schema) switch
        {
            (DatabaseProvider.SqlServer, null) =>
                "DELETE FROM [saga_transitions] WHERE [id] IN (SELECT TOP ({0}) [id] FROM [saga_transitions] ORDER BY [id]) AND [occurred_at] < {1}",
            (DatabaseProvider.SqlServer, _) =>
                "DELETE FROM [audit].[saga_transitions] WHERE [id] IN (SELECT TOP ({0}) [id] FROM [audit].[saga_transitions] ORDER BY [id]) AND [occurred_at] < {1}",
            (DatabaseProvider.PostgreSql, null) =>
                "DELETE FROM saga_transitions WHERE id IN (SELECT id FROM saga_transitions ORDER BY id LIMIT {0}) AND occurred_at < {1}",
            (DatabaseProvider.PostgreSql, _) =>
                "DELETE FROM audit.saga_transitions WHERE id IN (SELECT id FROM audit.saga_transitions ORDER BY id LIMIT {0}) AND occurred_at < {1}",
            _ => "DELETE FROM \"saga_transitions\" WHERE \"id\" IN (SELECT \"id\" FROM \"saga_transitions\" ORDER BY \"id\" LIMIT {0}) AND \"occurred_at\" < {1}",
        };
        Assert.That(statement, Is.EqualTo(expected));
    }
}
