using Saga.Persistence.Dialects;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// A test class on one <see cref="DatabaseProvider"/>: its own database for the class, emptied before each test, and a
/// fresh <see cref="LedgerTestHost"/> per test.
/// </summary>
public abstract class LedgerTestFixture(DatabaseProvider provider)
{
    LedgerTestDatabase? _database;
    LedgerTestHost? _host;

    protected DatabaseProvider Provider => provider;

    protected LedgerTestDatabase Database => _database ?? throw new InvalidOperationException("The database was not created");

    protected LedgerTestHost Host => _host ?? throw new InvalidOperationException("The host was not started");

    [OneTimeSetUp]
    public async Task CreateDatabase() => _database = await LedgerTestDatabase.CreateAsync(provider);

    [OneTimeTearDown]
    public async Task DropDatabase()
    {
        if (_database is not null)
            await _database.DisposeAsync();
    }

    [SetUp]
    public async Task StartHost()
    {
        await Database.ResetAsync();
        _host = await LedgerTestHost.StartAsync(Database, ConfigureHost);
    }

    [TearDown]
    public async Task StopHost()
    {
        if (_host is not null)
            await _host.DisposeAsync();
        _host = null;
    }

    /// <summary>Replaces this test's host with one configured differently, on the same (emptied) database.</summary>
    protected async Task RestartHost(Action<LedgerTestHostOptions> configure)
    {
        await StopHost();
        await Database.ResetAsync();
        _host = await LedgerTestHost.StartAsync(Database, options =>
        {
            ConfigureHost(options);
            configure(options);
        });
    }

    /// <summary>How every host of this test class is configured.</summary>
    protected virtual void ConfigureHost(LedgerTestHostOptions options)
    {
    }
}
