using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Persistence.Dialects;
using Saga.Persistence.Tests.Ledger;

namespace Saga.Persistence.Tests.Configuration;

/// <summary>The dialect a context is registered with, and the start-up check that it is the one its EF Core provider speaks.</summary>
public sealed class SqlDialectRegistrationTests
{
    // Nothing here opens a connection: the provider is known from the options alone.
    static ServiceProvider Services(Action<DbContextOptionsBuilder> configure, DatabaseProvider dialect)
    {
        var services = new ServiceCollection();
        services.AddDbContext<LedgerDbContext>(configure);
        services.AddSqlDialect<LedgerDbContext>(dialect);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    static Task Start(IServiceProvider provider) =>
        Task.WhenAll(provider.GetServices<IHostedService>().Select(service => service.StartAsync(CancellationToken.None)));

    [TestCase(DatabaseProvider.Sqlite, typeof(SqliteDialect))]
    [TestCase(DatabaseProvider.PostgreSql, typeof(PostgreSqlDialect))]
    [TestCase(DatabaseProvider.SqlServer, typeof(SqlServerDialect))]
    public void Each_supported_database_has_its_own_dialect(DatabaseProvider provider, Type dialect) =>
        Assert.That(SqlDialects.For(provider), Is.TypeOf(dialect).And.Property(nameof(ISqlDialect.Provider)).EqualTo(provider));

    [Test]
    public async Task A_context_on_the_provider_of_its_dialect_starts()
    {
        await using var provider = Services(options => options.UseNpgsql("Host=localhost;Database=ledger"), DatabaseProvider.PostgreSql);

        Assert.That(provider.GetRequiredService<DbContextDialect<LedgerDbContext>>().Dialect, Is.SameAs(PostgreSqlDialect.Instance));
        await Start(provider);
    }

    [Test]
    public async Task A_context_on_another_provider_than_its_dialect_stops_the_start_and_says_which()
    {
        await using var provider = Services(options => options.UseNpgsql("Host=localhost;Database=ledger"), DatabaseProvider.Sqlite);

        var failure = Assert.ThrowsAsync<InvalidOperationException>(() => Start(provider));
        Assert.That(failure!.Message, Is.EqualTo(
            "LedgerDbContext is registered with the Sqlite dialect but configured for the EF Core provider Npgsql.EntityFrameworkCore.PostgreSQL"));
    }

    [Test]
    public async Task The_first_registration_of_a_context_chooses_its_dialect_and_the_check_runs_once()
    {
        var services = new ServiceCollection();
        services.AddDbContext<LedgerDbContext>(options => options.UseSqlite("Data Source=ledger.db"));
        services.AddSqlDialect<LedgerDbContext>(DatabaseProvider.Sqlite);
        services.AddSqlDialect<LedgerDbContext>(DatabaseProvider.PostgreSql);
        await using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<DbContextDialect<LedgerDbContext>>().Dialect, Is.SameAs(SqliteDialect.Instance));
            Assert.That(provider.GetServices<IHostedService>().Count(), Is.EqualTo(1));
        });
    }
}
