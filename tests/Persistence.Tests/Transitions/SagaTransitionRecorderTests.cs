using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Dialects;
using Saga.Persistence.Tests.Support;
using Saga.Persistence.Transitions;
using Saga.TestInfrastructure;

namespace Saga.Persistence.Tests.Transitions;

/// <summary>
/// What <see cref="SagaTransitionRecorder{TInstance}"/> writes for each kind of event: the consumed message's id and
/// type URN, and the saga's flow version, on SQLite through the EF Core saga repository.
/// </summary>
public sealed class SagaTransitionRecorderTests
{
    SqliteTestDatabase _database = null!;
    ServiceProvider _provider = null!;
    ITestHarness _harness = null!;

    [SetUp]
    public async Task Start()
    {
        _database = new SqliteTestDatabase();
        var services = new ServiceCollection();
        services.AddDbContext<AuditedDbContext>(options => options.UseSqlite(_database.ConnectionString));
        services.AddSqlDialect<AuditedDbContext>(DatabaseProvider.Sqlite);
        services.AddMassTransitTestHarness(x =>
        {
            x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(20));
            x.AddDelayedMessageScheduler();
            x.AddSagaStateMachine<AuditedStateMachine, AuditedState>()
                .EntityFrameworkRepository(r => r.ExistingDbContext<AuditedDbContext>());
            x.AddSagaTransitionHistory<AuditedState>();
            x.UsingInMemory((context, cfg) =>
            {
                cfg.UseDelayedMessageScheduler();
                cfg.ConfigureEndpoints(context);
            });
        });
        _provider = services.BuildServiceProvider(true);
        await using (var scope = _provider.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<AuditedDbContext>().Database.EnsureCreatedAsync();
        _harness = _provider.GetRequiredService<ITestHarness>();
        await _harness.Start();
    }

    [TearDown]
    public async Task Stop()
    {
        await _harness.Stop();
        await _provider.DisposeAsync();
        _database.Dispose();
    }

    async Task<List<SagaTransition>> HistoryOf(Guid id, int count)
    {
        List<SagaTransition> history = [];
        await Eventually.Until(async () =>
        {
            await using var scope = _provider.CreateAsyncScope();
            history = await scope.ServiceProvider.GetRequiredService<AuditedDbContext>().Transitions
                .Where(t => t.CorrelationId == id).OrderBy(t => t.Id).ToListAsync();
            return history.Count >= count;
        }, $"{count} transitions of {id} are recorded");
        return history;
    }

    async Task<Guid> ConsumedIdOf<T>(Func<T, bool> match)
        where T : class
    {
        var consumed = await _harness.Consumed.SelectAsync<T>(m => match(m.Context.Message)).First();
        return consumed.Context.MessageId!.Value;
    }

    [Test]
    public async Task Each_transition_names_the_consumed_message_by_id_and_urn_and_the_flow_version()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new StartAudit(id));
        await HistoryOf(id, 1);
        await _harness.Bus.Publish(new AdvanceAudit(id));

        var history = await HistoryOf(id, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(history.Select(t => (t.FromState, t.ToState, t.Event)), Is.EqualTo(new[]
            {
                ("Initial", "Waiting", "Started"), ("Waiting", "Done", "Advanced"),
            }));
            Assert.That(history.Select(t => t.MessageType), Is.EqualTo(new[]
            {
                "urn:message:Saga.Persistence.Tests.Transitions:StartAudit", "urn:message:Saga.Persistence.Tests.Transitions:AdvanceAudit",
            }));
            Assert.That(history[0].MessageId, Is.EqualTo(await ConsumedIdOf<StartAudit>(m => m.Id == id)));
            Assert.That(history[1].MessageId, Is.EqualTo(await ConsumedIdOf<AdvanceAudit>(m => m.Id == id)));
            Assert.That(history.Select(t => t.DefinitionVersion), Is.All.EqualTo(1));
        });
    }

    [Test]
    public async Task A_second_message_shape_is_recorded_as_its_own_type_with_the_flow_version_it_started()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new StartAuditV2(id));
        await HistoryOf(id, 1);
        await _harness.Bus.Publish(new AdvanceAudit(id));

        var history = await HistoryOf(id, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(history[0].MessageType, Is.EqualTo("urn:message:Saga.Persistence.Tests.Transitions:StartAuditV2"));
            Assert.That(history[0].MessageId, Is.EqualTo(await ConsumedIdOf<StartAuditV2>(m => m.Id == id)));
            Assert.That(history.Select(t => t.DefinitionVersion), Is.All.EqualTo(2), "the version the saga follows, set by the event that started it");
        });
    }

    [Test]
    public async Task A_scheduled_reminder_is_recorded_with_the_id_of_the_reminder_as_delivered()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new StartAudit(id, Remind: true));

        var history = await HistoryOf(id, 2);

        Assert.Multiple(async () =>
        {
            Assert.That(history[1].ToState, Is.EqualTo("Reminded"));
            Assert.That(history[1].MessageType, Is.EqualTo("urn:message:Saga.Persistence.Tests.Transitions:AuditReminder"));
            Assert.That(history[1].MessageId, Is.EqualTo(await ConsumedIdOf<AuditReminder>(m => m.Id == id)));
            Assert.That(history[1].MessageId, Is.Not.EqualTo(history[0].MessageId), "not the message that scheduled it");
        });
    }

    [Test]
    public async Task A_message_type_longer_than_the_column_is_cut_to_its_width()
    {
        var id = Guid.NewGuid();
        await _harness.Bus.Publish(new StartAudit(id));
        await HistoryOf(id, 1);
        var advance = new Wrapped<Wrapped<Wrapped<Wrapped<Wrapped<AdvanceAudit>>>>>(id,
            new(id, new(id, new(id, new(id, new AdvanceAudit(id))))));
        var urn = MessageUrn.ForTypeString(advance.GetType());
        Assume.That(urn, Has.Length.GreaterThan(SagaTransition.MaxMessageTypeLength));

        await _harness.Bus.Publish(advance);
        var history = await HistoryOf(id, 2);

        Assert.That(history[1].MessageType, Is.EqualTo(urn[..SagaTransition.MaxMessageTypeLength]));
    }
}
