using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Saga.Persistence.Sagas;

/// <summary>
/// The provider's statement that reads one saga row and locks it until the transaction ends, built from the EF Core model
/// (table, schema and column names as mapped). The single parameter is the correlation id.
/// </summary>
public static class SagaLockStatement
{
    public const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";
    public const string SqlServerProvider = "Microsoft.EntityFrameworkCore.SqlServer";
    public const string SqliteProvider = "Microsoft.EntityFrameworkCore.Sqlite";

    // The statement depends only on the context's model and provider; build it once, not on every message. One context
    // type has a model per default schema (a configurable setting), so that schema is part of the key.
    static readonly ConcurrentDictionary<(Type Context, Type Saga, string? Provider, string? Schema), string> Statements = new();

    public static string For<TSaga>(DbContext dbContext)
        where TSaga : class =>
        Statements.GetOrAdd((dbContext.GetType(), typeof(TSaga), dbContext.Database.ProviderName, dbContext.Model.GetDefaultSchema()),
            _ => Build<TSaga>(dbContext));

    static string Build<TSaga>(DbContext dbContext)
        where TSaga : class
    {
        var entity = dbContext.Model.FindEntityType(typeof(TSaga))
                     ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not part of {dbContext.GetType().Name}'s model");
        var table = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped to a table");
        var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
        var key = entity.FindPrimaryKey()?.Properties.Single().GetColumnName(store)
                  ?? throw new InvalidOperationException($"{typeof(TSaga).Name} has no single-column key");
        var schema = entity.GetSchema();

        return dbContext.Database.ProviderName switch
        {
            PostgreSqlProvider => $"SELECT * FROM {Quote(schema, '"', '"')}\"{table}\" WHERE \"{key}\" = {{0}} FOR UPDATE",
            SqlServerProvider => $"SELECT * FROM {Quote(schema, '[', ']')}[{table}] WITH (UPDLOCK, ROWLOCK) WHERE [{key}] = {{0}}",
            // SQLite locks the whole database for writing once the (IMMEDIATE) transaction began; a plain read suffices.
            SqliteProvider => $"SELECT * FROM \"{table}\" WHERE \"{key}\" = {{0}}",
            var provider => throw new NotSupportedException($"Pessimistic saga locking is not available for the EF Core provider {provider}"),
        };
    }

    static string Quote(string? schema, char open, char close) => schema is null ? "" : $"{open}{schema}{close}.";
}
