namespace Saga.Persistence.Dialects;

/// <summary>The databases the engine supports; each has its <see cref="ISqlDialect"/> (<see cref="SqlDialects.For"/>).</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded file database: the default, for one machine.</summary>
    Sqlite,

    PostgreSql,

    /// <summary>Supported through EF Core's SQL Server provider; see docs/data-model.md for what was checked without a live server.</summary>
    SqlServer,
}
