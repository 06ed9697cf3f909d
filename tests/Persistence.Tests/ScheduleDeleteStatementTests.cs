using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;
using Saga.Persistence.Scheduling;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests;

/// <summary>
/// The statement that cancels a schedule, built from each provider's model. SQL Server cannot run here, so its statement
/// is checked as text; the PostgreSQL and SQLite statements also run in the transactional scheduling tests.
/// </summary>
public sealed class ScheduleDeleteStatementTests
{
    [TestCase(DatabaseProvider.SqlServer, "DELETE FROM [scheduled_messages] WHERE [TokenId] = {0}")]
    [TestCase(DatabaseProvider.PostgreSql, "DELETE FROM scheduled_messages WHERE \"TokenId\" = {0}")]
    [TestCase(DatabaseProvider.Sqlite, "DELETE FROM \"scheduled_messages\" WHERE \"TokenId\" = {0}")]
    public void Deletes_the_schedule_by_its_token_in_the_providers_spelling(DatabaseProvider provider, string expected)
    {
        var options = new DbContextOptionsBuilder<LedgerDbContext>();
        // Nothing is opened: the statement is built from the model.
        _ = provider switch
        {
            DatabaseProvider.SqlServer => options.UseSqlServer("Server=localhost;Database=x"),
            DatabaseProvider.PostgreSql => options.UseNpgsql("Host=localhost;Database=x"),
            _ => options.UseSqlite("Data Source=:memory:"),
        };
        using var db = new LedgerDbContext(options.Options);

        Assert.That(ScheduleDeleteStatement.For(db), Is.EqualTo(expected));
    }
}
