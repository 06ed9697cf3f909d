using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Inventory.Data.Providers;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a reachable server (nothing is opened).</summary>
public sealed class DesignTimeInventoryDbContextFactory :
    IDesignTimeDbContextFactory<SqliteInventoryDbContext>,
    IDesignTimeDbContextFactory<PostgreSqlInventoryDbContext>,
    IDesignTimeDbContextFactory<SqlServerInventoryDbContext>
{
    SqliteInventoryDbContext IDesignTimeDbContextFactory<SqliteInventoryDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqliteInventoryDbContext>(DatabaseProvider.Sqlite, "inventory"));

    PostgreSqlInventoryDbContext IDesignTimeDbContextFactory<PostgreSqlInventoryDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PostgreSqlInventoryDbContext>(DatabaseProvider.PostgreSql, "inventory"));

    SqlServerInventoryDbContext IDesignTimeDbContextFactory<SqlServerInventoryDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqlServerInventoryDbContext>(DatabaseProvider.SqlServer, "inventory"));
}
