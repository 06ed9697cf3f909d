using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saga.Persistence.Outbox;

/// <summary>An entity's table and columns as the provider spells them, for the few statements written by hand.</summary>
internal sealed class MappedTable
{
    readonly IEntityType _entity;
    readonly ISqlGenerationHelper _sql;
    readonly StoreObjectIdentifier _store;

    MappedTable(IEntityType entity, StoreObjectIdentifier store, ISqlGenerationHelper sql)
    {
        _entity = entity;
        _store = store;
        _sql = sql;
        Name = sql.DelimitIdentifier(store.Name, store.Schema);
    }

    /// <summary>The schema-qualified, delimited table name.</summary>
    public string Name { get; }

    public static MappedTable For<TEntity>(DbContext dbContext, string mappedBy)
    {
        var entity = dbContext.Model.FindEntityType(typeof(TEntity))
                     ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not part of {dbContext.GetType().Name}'s model: call modelBuilder.{mappedBy}()");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table");
        return new MappedTable(entity, StoreObjectIdentifier.Table(table, entity.GetSchema()), dbContext.GetService<ISqlGenerationHelper>());
    }

    public string Column(string property) =>
        _sql.DelimitIdentifier(_entity.FindProperty(property)?.GetColumnName(_store)
                               ?? throw new InvalidOperationException($"{_entity.DisplayName()}.{property} is not mapped"));
}
