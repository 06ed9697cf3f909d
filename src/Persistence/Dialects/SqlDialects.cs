namespace Saga.Persistence.Dialects;

/// <summary>The one mapping from a supported database to its dialect.</summary>
public static class SqlDialects
{
    public static ISqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.PostgreSql => PostgreSqlDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "not a supported database"),
    };
}
