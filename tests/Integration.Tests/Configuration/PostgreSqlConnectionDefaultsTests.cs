using Npgsql;
using Saga.Hosting.Database;

namespace Saga.Integration.Tests.Configuration;

public sealed class PostgreSqlConnectionDefaultsTests
{
    [Test]
    public void Statements_are_prepared_automatically_by_default()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;Database=orders;Username=saga"));

        Assert.Multiple(() =>
        {
            Assert.That(applied.MaxAutoPrepare, Is.EqualTo(PostgreSqlConnectionDefaults.MaxAutoPrepare));
            Assert.That(applied.AutoPrepareMinUsages, Is.EqualTo(2));
            Assert.That(applied.NoResetOnClose, Is.True, "pooled connections are not reset");
            Assert.That(applied.Host, Is.EqualTo("db"), "the rest of the connection string is kept");
        });
    }

    [TestCase("Host=db;Max Auto Prepare=0")]
    [TestCase("Host=db;MaxAutoPrepare=0")]
    [TestCase("Host=db;max auto prepare=0")]
    public void A_connection_string_that_sets_auto_preparation_keeps_it(string connectionString)
    {
        Assert.That(new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply(connectionString)).MaxAutoPrepare, Is.Zero);
    }

    [TestCase("Host=db;No Reset On Close=false")]
    [TestCase("Host=db;NoResetOnClose=false")]
    public void A_connection_string_that_asks_for_resets_keeps_them(string connectionString)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply(connectionString));

        Assert.Multiple(() =>
        {
            Assert.That(applied.NoResetOnClose, Is.False, "reset on close");
            Assert.That(applied.MaxAutoPrepare, Is.EqualTo(PostgreSqlConnectionDefaults.MaxAutoPrepare), "the other defaults still apply");
        });
    }

    [Test]
    public void A_connection_string_that_sets_auto_preparation_still_gets_no_reset_on_close()
    {
        Assert.That(new NpgsqlConnectionStringBuilder(PostgreSqlConnectionDefaults.Apply("Host=db;Max Auto Prepare=0")).NoResetOnClose, Is.True);
    }
}
