using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Shipping.Data.Providers;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a reachable server (nothing is opened).</summary>
public sealed class DesignTimeShippingDbContextFactory :
    IDesignTimeDbContextFactory<SqliteShippingDbContext>,
    IDesignTimeDbContextFactory<PostgreSqlShippingDbContext>,
    IDesignTimeDbContextFactory<SqlServerShippingDbContext>
{
    SqliteShippingDbContext IDesignTimeDbContextFactory<SqliteShippingDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqliteShippingDbContext>(DatabaseProvider.Sqlite, "shipping"));

    PostgreSqlShippingDbContext IDesignTimeDbContextFactory<PostgreSqlShippingDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PostgreSqlShippingDbContext>(DatabaseProvider.PostgreSql, "shipping"));

    SqlServerShippingDbContext IDesignTimeDbContextFactory<SqlServerShippingDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqlServerShippingDbContext>(DatabaseProvider.SqlServer, "shipping"));
}
