using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Transitions;

/// <summary>The statement one batch of <see cref="TransitionHistoryCleanup{TDbContext}"/> runs, built once per model and dialect.</summary>
public static class TransitionCleanupStatement
{
    /// <summary>
    /// Of the first <c>{0}</c> transitions by id, deletes those that occurred before <c>{1}</c>
    /// (<see cref="ISqlDialect.DeleteFromKeyStart"/>), with the table and columns as <paramref name="dbContext"/>'s model maps them.
    /// </summary>
    public static string For(DbContext dbContext, ISqlDialect dialect) =>
        StatementCache.Get(dialect, dbContext, typeof(TransitionCleanupStatement), () =>
        {
            var table = MappedTable.For<SagaTransition>(dbContext, nameof(SagaModelBuilderExtensions.SagaTransitions));
            return dialect.DeleteFromKeyStart(table.Name, table.Column(nameof(SagaTransition.Id)),
                $"{table.Column(nameof(SagaTransition.OccurredAt))} < {{1}}");
        });
}
