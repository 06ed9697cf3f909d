using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;
using Saga.SagaOrchestrator.Persistence;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Orchestrator.Tests.Persistence;

/// <summary>
/// The row-locking statements of the pessimistic mode, built from each provider's model. SQL Server cannot run here, so
/// its statement is checked as text; the PostgreSQL and SQLite statements also run in the repository tests.
/// </summary>
public sealed class SagaLockStatementTests
{
    [TestCase(DatabaseProvider.SqlServer, "SELECT * FROM [order_sagas] WITH (UPDLOCK, ROWLOCK) WHERE [correlation_id] = {0}")]
    [TestCase(DatabaseProvider.PostgreSql, "SELECT * FROM \"order_sagas\" WHERE \"correlation_id\" = {0} FOR UPDATE")]
    [TestCase(DatabaseProvider.Sqlite, "SELECT * FROM \"order_sagas\" WHERE \"correlation_id\" = {0}")]
    public void Locks_the_saga_row_the_way_the_provider_expects(DatabaseProvider provider, string expected)
    {
        using var db = new OrderSagaDbContext(DesignTimeOptions.For<OrderSagaDbContext>(provider, "orchestrator"));

        Assert.That(SagaLockStatement.For<OrderState>(db, SqlDialects.For(provider)), Is.EqualTo(expected));
    }

    [Test]
    public void A_schema_is_part_of_the_locked_table_name()
    {
        using var db = new SchemaTallyDbContext(new DbContextOptionsBuilder<SchemaTallyDbContext>().UseSqlServer("Server=localhost;Database=x").Options);

        Assert.That(SagaLockStatement.For<TallyState>(db, SqlServerDialect.Instance), Is.EqualTo("SELECT * FROM [sagas].[Tallies] WITH (UPDLOCK, ROWLOCK) WHERE [CorrelationId] = {0}"));
    }

    sealed class SchemaTallyDbContext(DbContextOptions<SchemaTallyDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<TallyState>().ToTable("Tallies", "sagas").HasKey(x => x.CorrelationId);
    }
}
