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
}
