using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;

namespace Saga.Persistence.Scheduling;

/// <summary>
/// Deletes one schedule by its token, written once per model from the mapped table and key column: a cancel is made in
/// almost every saga step, and building the LINQ delete's expression tree each time cost more than the statement.
/// The single parameter is the token id.
/// </summary>
public static class ScheduleDeleteStatement
{
    public static string For(DbContext dbContext) =>
        StatementCache.Get(dbContext, typeof(ScheduleDeleteStatement), () => Build(dbContext));

    static string Build(DbContext dbContext)
    {
        var table = MappedTable.For<ScheduledMessage>(dbContext, nameof(SchedulerModelBuilderExtensions.DurableScheduler));
        return $"DELETE FROM {table.Name} WHERE {table.Column(nameof(ScheduledMessage.TokenId))} = {{0}}";
    }
}
