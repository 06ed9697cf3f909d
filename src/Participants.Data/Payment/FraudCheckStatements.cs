using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Payment.Data;

/// <summary>
/// Records a fraud check decision unless the order already has one, in one statement (<see cref="ISqlDialect.InsertUnlessPresent"/>):
/// of two deliveries of one command, the second waits for the first's insert and then inserts nothing, so there is no
/// window between reading and inserting. Names come from the context's model; <c>{0}</c> to <c>{4}</c> are the order,
/// the check id, whether it passed, the reason and the time.
/// </summary>
public static class FraudCheckStatements
{
    private static readonly ConditionalWeakTable<IModel, Dictionary<DatabaseProvider, string>> _byModel = new();

    /// <summary>Inserts <paramref name="check"/> unless its order has a decision; true when this one was recorded.</summary>
    public static async Task<bool> TryRecordAsync(this PaymentDbContext db, ISqlDialect dialect, FraudCheck check,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(check);

        // A null reason (a pass) is bound as NULL; EF Core has no mapping for DBNull.Value itself.
        var inserted = await db.Database.ExecuteSqlRawAsync(Insert(db, dialect),
            [dialect.Id(check.OrderId), dialect.Id(check.CheckId), check.Passed, check.Reason!, check.CheckedAt],
            cancellationToken);
        return inserted == 1;
    }

    private static string Insert(DbContext db, ISqlDialect dialect)
    {
        var statements = _byModel.GetValue(db.Model, _ => []);
        lock (statements)
        {
            if (!statements.TryGetValue(dialect.Provider, out var sql))
                statements[dialect.Provider] = sql = Build(db, dialect);
            return sql;
        }
    }

    private static string Build(DbContext db, ISqlDialect dialect)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(FraudCheck))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());

        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);

        var name = sql.DelimitIdentifier(table.Name, table.Schema);
        var orderId = Column(nameof(FraudCheck.OrderId));
        var columns = string.Join(", ", orderId, Column(nameof(FraudCheck.CheckId)), Column(nameof(FraudCheck.Passed)),
            Column(nameof(FraudCheck.Reason)), Column(nameof(FraudCheck.CheckedAt)));
        return dialect.InsertUnlessPresent(name, columns, "{0}, {1}, {2}, {3}, {4}", $"{orderId} = {{0}}");
    }
}
