namespace Saga.Hosting.Database;

public enum DatabaseProvider
{
    /// <summary>An embedded file database: the default, for one machine.</summary>
    Sqlite,

    PostgreSql,

    /// <summary>Supported through EF Core's SQL Server provider; see docs/data-model.md for what was checked without a live server.</summary>
    SqlServer,
}
