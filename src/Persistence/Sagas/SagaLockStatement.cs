using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Saga.Persistence.Dialects;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The statement that reads one saga row and locks it until the transaction ends, in the context's dialect, built from
/// the EF Core model (table, schema and column names as mapped). The single parameter is the correlation id.
/// </summary>
public static class SagaLockStatement
{
    public static string For<TSaga>(DbContext dbContext, ISqlDialect dialect)
        where TSaga : class =>
        StatementCache.Get(dialect, dbContext, typeof(TSaga), () => Build<TSaga>(dbContext, dialect));

    static string Build<TSaga>(DbContext dbContext, ISqlDialect dialect)
        where TSaga : class
    {
        var entity = dbContext.Model.FindEntityType(typeof(TSaga))
                     ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not part of {dbContext.GetType().Name}'s model");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped to a table");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()?.Properties.Single().GetColumnName(store)
                  ?? throw new InvalidOperationException($"{typeof(TSaga).Name} has no single-column key");
        return dialect.LockRow(entity.GetSchema(), table, key);
    }
}
