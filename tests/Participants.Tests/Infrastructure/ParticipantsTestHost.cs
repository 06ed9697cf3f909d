using Saga.Participants.Configuration;
using Saga.Participants.Shipping.Data;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Payment.FraudRules;
using MassTransit;
using MassTransit.Logging;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Saga.Participants.Seeding;
using Saga.Hosting.Database;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;

namespace Saga.Participants.Tests.Infrastructure;

/// <summary>
/// The three participants on MassTransit's in-memory test harness, each with its own seeded database (a SQLite file in a
/// fresh temporary folder, or a fresh PostgreSQL database), so tests share nothing and can run concurrent writers against
/// real databases.
/// </summary>
public sealed class ParticipantsTestHost : IAsyncDisposable
{
    private static readonly TimeSpan _testTimeout = TimeSpan.FromSeconds(10);

    private readonly ServiceProvider _provider;
    private readonly DirectoryInfo _directory;

    private readonly IReadOnlyList<string> _postgreSqlDatabases;

    private ParticipantsTestHost(ServiceProvider provider, DirectoryInfo directory, IReadOnlyList<string> postgreSqlDatabases)
    {
        _provider = provider;
        _directory = directory;
        _postgreSqlDatabases = postgreSqlDatabases;
        Harness = provider.GetRequiredService<ITestHarness>();
    }

    public ITestHarness Harness { get; }

    public IServiceProvider Services => _provider;

    /// <param name="settings">
    /// Null: the databases registered in code, with default outboxes. Otherwise the participants' settings (e.g.
    /// <c>Participants:Payment:Outbox:Enabled</c>), registered from configuration as the service does; the connection
    /// strings are added.
    /// </param>
    public static Task<ParticipantsTestHost> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(new ParticipantsTestHostOptions { Settings = settings });

    public static async Task<ParticipantsTestHost> StartAsync(ParticipantsTestHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var directory = Directory.CreateTempSubdirectory("saga-participants-tests-");
        var postgreSqlDatabases = new List<string>();
        ServiceProvider? provider = null;
        try
        {
            var services = new ServiceCollection();
            if (options.Database == DatabaseProvider.PostgreSql)
            {
                var cluster = await Servers.PostgreSqlAsync();
                var settings = new Dictionary<string, string?>(options.Settings ?? new Dictionary<string, string?>());
                foreach (var participant in Enum.GetValues<ParticipantKind>())
                {
                    var connectionString = await cluster.CreateDatabaseAsync();
                    postgreSqlDatabases.Add(new NpgsqlConnectionStringBuilder(connectionString).Database!);
                    settings[$"{ParticipantsOptions.DatabaseSection(participant)}:Provider"] = nameof(DatabaseProvider.PostgreSql);
                    settings[$"{ParticipantsOptions.DatabaseSection(participant)}:ConnectionString"] = connectionString;
                }

                services.AddParticipantDatabases(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Enum.GetValues<ParticipantKind>());
            }
            else if (options.Settings is null)
            {
                // Configured as the services configure SQLite (snake_case names): one context type has one model per
                // process here, and the statements built from it are cached per context type, dialect and schema.
                services.AddParticipantDatabases(DatabaseProvider.Sqlite,
                    builder => builder.UseConfiguredDatabase(Sqlite(directory, "payment.db")),
                    builder => builder.UseConfiguredDatabase(Sqlite(directory, "inventory.db")),
                    builder => builder.UseConfiguredDatabase(Sqlite(directory, "shipping.db")));
            }
            else
            {
                var configuration = new ConfigurationBuilder().AddInMemoryCollection(options.Settings).AddInMemoryCollection(
                    Enum.GetValues<ParticipantKind>().Select(p => new KeyValuePair<string, string?>(
                        $"{ParticipantsOptions.DatabaseSection(p)}:ConnectionString", ConnectionString(directory, $"{p.ToString().ToLowerInvariant()}.db"))))
                    .Build();
                services.AddParticipantDatabases(configuration, Enum.GetValues<ParticipantKind>());
            }

            if (options.FraudCheck is { } rule)
            {
                services.Configure<FraudCheckOptions>(fraud =>
                {
                    fraud.BlockedCustomers = [.. rule.BlockedCustomers];
                    fraud.MaxOrderAmount = rule.MaxOrderAmount;
                });
            }

            // Warnings and errors (retries, faults) end up in the test's output; the debug chatter does not.
            services.Configure<TextWriterLoggerOptions>(logging => logging.LogLevel = LogLevel.Warning);
            services.AddMassTransitTestHarness(Console.Out, bus =>
            {
                bus.AddParticipantConsumers();
                bus.AddConsumer<ParticipantRepliesRecorder>();

                // Waits end as soon as the awaited message arrives; the inactivity timeout is as long as the test timeout
                // so that a slow retry back-off cannot end a wait early.
                bus.SetTestTimeouts(testTimeout: _testTimeout, testInactivityTimeout: _testTimeout);
                bus.UsingInMemory((context, cfg) =>
                {
                    if (options.ConcurrentMessageLimit is { } limit)
                        cfg.ConcurrentMessageLimit = limit;
                    cfg.ConfigureEndpoints(context);
                });
            });

            provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        }
        catch
        {
            if (provider is not null)
                await provider.DisposeAsync();
            await DropAsync(directory, postgreSqlDatabases);
            throw;
        }

        var host = new ParticipantsTestHost(provider, directory, postgreSqlDatabases);
        try
        {
            await using (var scope = provider.CreateAsyncScope())
            {
                DbContext[] databases =
                [
                    scope.ServiceProvider.GetRequiredService<PaymentDbContext>(),
                    scope.ServiceProvider.GetRequiredService<InventoryDbContext>(),
                    scope.ServiceProvider.GetRequiredService<ShippingDbContext>(),
                ];
                foreach (var database in databases)
                {
                    // PostgreSQL gets its schema as the service does, so the migrations are what is tested there.
                    if (options.Database == DatabaseProvider.PostgreSql)
                        await database.Database.MigrateAsync();
                    else
                        await database.Database.EnsureCreatedAsync();
                }
            }

            await ParticipantSeeder.SeedAsync(provider);
            await host.Harness.Start();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public async Task Send<T>(string queueName, T message)
        where T : class
    {
        var endpoint = await Harness.Bus.GetSendEndpoint(new Uri($"queue:{queueName}"));
        await endpoint.Send(message);
    }

    /// <summary>
    /// Sends all messages at once. Each participant consumes inside its inbox transaction, which SQLite runs one writer at a
    /// time, so the copies take effect one after another: what is tested is that the later ones change nothing.
    /// </summary>
    public Task SendConcurrently<T>(string queueName, IReadOnlyCollection<T> messages)
        where T : class =>
        Task.WhenAll(messages.Select(message => Send(queueName, message)));

    /// <summary>The first published <typeparamref name="T"/> that matches; fails the test if none arrives in time.</summary>
    public async Task<T> Published<T>(Func<T, bool> match)
        where T : class
    {
        var messages = await Published(match, 1);
        return messages[0];
    }

    /// <summary>Waits for <paramref name="count"/> published <typeparamref name="T"/> that match; fails the test if fewer arrive in time.</summary>
    public async Task<IReadOnlyList<T>> Published<T>(Func<T, bool> match, int count)
        where T : class
    {
        var found = await Until(() => PublishedSoFar(match), x => x.Count >= count);
        Assert.That(found, Has.Count.EqualTo(count), $"published {typeof(T).Name} messages");
        return found;
    }

    /// <summary>
    /// The matching <typeparamref name="T"/> published so far, without waiting: for asserting that something was not published
    /// once the test has already awaited a later outcome of the same message.
    /// </summary>
    /// <remarks>
    /// Replies leave through the transactional outbox and are seen when <see cref="ParticipantRepliesRecorder"/> consumes
    /// them; faults are published by MassTransit directly.
    /// </remarks>
    public IReadOnlyList<T> PublishedSoFar<T>(Func<T, bool> match)
        where T : class =>
        [
            .. Harness.Published.Select<T>(p => match(p.Context.Message), Snapshot).Select(p => p.Context.Message),
            .. Harness.Consumed.Select<T>(p => match(p.Context.Message), Snapshot).Select(p => p.Context.Message),
        ];

    /// <summary>Waits for <paramref name="count"/> published messages of any type that match; fails the test if fewer arrive in time.</summary>
    public async Task<IReadOnlyList<object>> PublishedAny(Func<object, bool> match, int count)
    {
        IReadOnlyList<object> SoFar() =>
        [
            .. Harness.Published.Select(p => match(p.MessageObject), Snapshot).Select(p => p.MessageObject),
            .. Harness.Consumed.Select(p => match(p.MessageObject), Snapshot).Select(p => p.MessageObject),
        ];

        var found = await Until(SoFar, x => x.Count >= count);
        Assert.That(found, Has.Count.EqualTo(count), "published messages");
        return found;
    }

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds or the test timeout passed; returns the last read.</summary>
    private static async Task<TResult> Until<TResult>(Func<TResult> read, Func<TResult, bool> done)
    {
        var deadline = DateTime.UtcNow + _testTimeout;
        var result = read();
        while (!done(result) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            result = read();
        }

        return result;
    }

    // The harness's Select waits for activity unless its token is already cancelled: this reads what is there now.
    private static CancellationToken Snapshot => new(canceled: true);

    /// <summary>Reads through a fresh scope and DbContext, so the result reflects what was committed.</summary>
    public async Task<TResult> Query<TContext, TResult>(Func<TContext, Task<TResult>> query)
        where TContext : DbContext
    {
        await using var scope = _provider.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TContext>());
    }

    /// <summary>Changes data through a fresh scope and DbContext and saves it.</summary>
    public async Task Arrange<TContext>(Action<TContext> arrange)
        where TContext : DbContext
    {
        await using var scope = _provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        arrange(db);
        await db.SaveChangesAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        await DropAsync(_directory, _postgreSqlDatabases);
    }

    private static async Task DropAsync(DirectoryInfo directory, IReadOnlyList<string> postgreSqlDatabases)
    {
        if (postgreSqlDatabases.Count > 0)
        {
            var cluster = await Servers.PostgreSqlAsync();
            foreach (var database in postgreSqlDatabases)
                await cluster.DropDatabaseAsync(database);
        }

        // SQLite pooling is off, so every connection is closed by now and the files can go.
        directory.Delete(recursive: true);
    }

    private static DatabaseOptions Sqlite(DirectoryInfo directory, string fileName) =>
        new() { Provider = DatabaseProvider.Sqlite, ConnectionString = ConnectionString(directory, fileName) };

    private static string ConnectionString(DirectoryInfo directory, string fileName) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory.FullName, fileName),
            Pooling = false,
        }.ToString();
}
