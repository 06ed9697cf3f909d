using Microsoft.EntityFrameworkCore.Design;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;

namespace Saga.SagaOrchestrator.Persistence.Providers;

/// <summary>Lets <c>dotnet ef migrations add</c> build each provider's context without a reachable server (nothing is opened).</summary>
public sealed class DesignTimeOrderSagaDbContextFactory :
    IDesignTimeDbContextFactory<SqliteOrderSagaDbContext>,
    IDesignTimeDbContextFactory<PostgreSqlOrderSagaDbContext>,
    IDesignTimeDbContextFactory<SqlServerOrderSagaDbContext>
{
    SqliteOrderSagaDbContext IDesignTimeDbContextFactory<SqliteOrderSagaDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqliteOrderSagaDbContext>(DatabaseProvider.Sqlite, "orchestrator"));

    PostgreSqlOrderSagaDbContext IDesignTimeDbContextFactory<PostgreSqlOrderSagaDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<PostgreSqlOrderSagaDbContext>(DatabaseProvider.PostgreSql, "orchestrator"));

    SqlServerOrderSagaDbContext IDesignTimeDbContextFactory<SqlServerOrderSagaDbContext>.CreateDbContext(string[] args) =>
        new(DesignTimeOptions.For<SqlServerOrderSagaDbContext>(DatabaseProvider.SqlServer, "orchestrator"));
}
