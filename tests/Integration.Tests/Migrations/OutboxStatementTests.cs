using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;

namespace Saga.Integration.Tests.Migrations;

/// <summary>
/// The outbox's hand-written statements for each service and provider, built from the model as the services build them.
/// For SQL Server this is all that is checked (no SQL Server can run here); PostgreSQL and SQLite run them in the other suites.
/// </summary>
public sealed class OutboxStatementTests
{
    static IEnumerable<ProviderContext> Contexts() => ProviderContext.All();

    [TestCaseSource(nameof(Contexts))]
    public void Delivery_skips_the_batches_another_instance_holds_and_the_inbox_claims_once(ProviderContext context)
    {
        using var db = context.Create();
        var statements = OutboxStatements.For(db, SqlDialects.For(context.Provider));

        Assert.Multiple(() =>
        {
            switch (context.Provider)
            {
                case DatabaseProvider.PostgreSql:
                    // Npgsql quotes only the names that need it; snake_case names do not.
                    Assert.That(statements.LockBatches, Does.Contain("FROM outbox_batches").And.EndWith("FOR UPDATE SKIP LOCKED"));
                    Assert.That(statements.ClaimInbox, Does.StartWith("INSERT INTO inbox_messages").And.EndWith("ON CONFLICT DO NOTHING"));
                    break;
                case DatabaseProvider.SqlServer:
                    Assert.That(statements.LockBatches, Does.StartWith("SELECT TOP ({0}) * FROM [outbox_batches] WITH (UPDLOCK, ROWLOCK, READPAST)"));
                    Assert.That(statements.ClaimInbox, Does.StartWith("INSERT INTO [inbox_messages]")
                        .And.Contain("WHERE NOT EXISTS (SELECT 1 FROM [inbox_messages] WITH (UPDLOCK, HOLDLOCK) WHERE [message_id] = {0} AND [consumer_id] = {1})"));
                    break;
                default:
                    Assert.That(statements.LockBatches, Does.Contain("FROM \"outbox_batches\"").And.EndWith("LIMIT {0}"));
                    Assert.That(statements.ClaimInbox, Does.StartWith("INSERT OR IGNORE INTO \"inbox_messages\""));
                    break;
            }

            Assert.That(statements.LockBatches, Does.Match(@"WHERE [\[""]?available_at[\]""]? <= \{1\}"), "only batches that are due");
            Assert.That(statements.ClaimInbox, Does.Contain("consumed_at"));
        });
    }
}
