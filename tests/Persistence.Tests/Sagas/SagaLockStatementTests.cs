using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Sagas;

namespace Saga.Persistence.Tests.Sagas;

/// <summary>
/// The row-locking statements of the pessimistic mode, built from each provider's model. SQL Server cannot run here, so
/// its statement is checked as text; the SQLite statement also runs in the repository tests.
/// </summary>
public sealed class SagaLockStatementTests
{
    [TestCase(DatabaseProvider.SqlServer, "SELECT * FROM [tallies] WITH (UPDLOCK, ROWLOCK) WHERE [CorrelationId] = {0}")]
    [TestCase(DatabaseProvider.PostgreSql, "SELECT * FROM \"tallies\" WHERE \"CorrelationId\" = {0} FOR UPDATE")]
    [TestCase(DatabaseProvider.Sqlite, "SELECT * FROM \"tallies\" WHERE \"CorrelationId\" = {0}")]
    public void Locks_the_saga_row_the_way_the_provider_expects(DatabaseProvider provider, string expected)
    {
        var options = new DbContextOptionsBuilder<TallyDbContext>();
        // Nothing is opened: the statement is built from the model, in the provider's dialect.
        _ = provider switch
        {
            DatabaseProvider.SqlServer => options.UseSqlServer("Server=localhost;Database=x"),
            DatabaseProvider.PostgreSql => options.UseNpgsql("Host=localhost;Database=x"),
            _ => options.UseSqlite("Data Source=:memory:"),
        };
        using var db = new TallyDbContext(options.Options);

        Assert.That(SagaLockStatement.For<TallyState>(db, SqlDialects.For(provider)), Is.EqualTo(expected));
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
