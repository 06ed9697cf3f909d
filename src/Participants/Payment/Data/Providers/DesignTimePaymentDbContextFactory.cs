using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Payment.Data.Providers;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a reachable server (nothing is opened).</summary>
public sealed class DesignTimePaymentDbContextFactory :
    IDesignTimeDbContextFactory<SqlitePaymentDbContext>,
    IDesignTimeDbContextFactory<PostgreSqlPaymentDbContext>,
    IDesignTimeDbContextFactory<SqlServerPaymentDbContext>
{
    SqlitePaymentDbContext IDesignTimeDbContextFactory<SqlitePaymentDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqlitePaymentDbContext>(DatabaseProvider.Sqlite, "payment"));

    PostgreSqlPaymentDbContext IDesignTimeDbContextFactory<PostgreSqlPaymentDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PostgreSqlPaymentDbContext>(DatabaseProvider.PostgreSql, "payment"));

    SqlServerPaymentDbContext IDesignTimeDbContextFactory<SqlServerPaymentDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqlServerPaymentDbContext>(DatabaseProvider.SqlServer, "payment"));
}
