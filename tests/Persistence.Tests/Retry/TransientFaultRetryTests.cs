using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Persistence.Retry;

namespace Saga.Persistence.Tests.Retry;

/// <summary>The transient-fault policy tries a message as often as it says, and does not retry a fault that is not transient.</summary>
public sealed class TransientFaultRetryTests
{
    [Test]
    public async Task A_transient_fault_is_tried_once_plus_every_interval()
    {
        var attempts = await AttemptsUntilFaulted(new DbUpdateException("lost the race"));
        Assert.That(attempts, Is.EqualTo(1 + TransientFaultRetry.Intervals.Count));
    }

    [Test]
    public async Task A_fault_that_is_not_transient_is_tried_once()
    {
        var attempts = await AttemptsUntilFaulted(new InvalidOperationException("a bug"));
        Assert.That(attempts, Is.EqualTo(1));
    }

    static IEnumerable<TestCaseData> TransientFaults()
    {
        yield return new TestCaseData(new DbUpdateException("lost the race")).SetArgDisplayNames("a lost race or duplicate insert");
        yield return new TestCaseData(new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new EndOfStreamException())).SetArgDisplayNames("EF's wrapper of a dropped connection");
        yield return new TestCaseData(new IOException("Connection reset by peer")).SetArgDisplayNames("a connection reset");
        yield return new TestCaseData(new TimeoutException()).SetArgDisplayNames("a timeout");
        yield return new TestCaseData(DriverException("Transaction is already completed")).SetArgDisplayNames("a transaction the driver lost");
    }

    [TestCaseSource(nameof(TransientFaults))]
    public void A_fault_a_fresh_attempt_can_fix_is_transient(Exception fault) =>
        Assert.That(TransientFaultRetry.IsTransient(fault), Is.True);

    [Test]
    public void Our_own_invalid_operations_are_not_transient() =>
        Assert.That(TransientFaultRetry.IsTransient(new InvalidOperationException("a bug") { Source = "Saga.SagaOrchestrator" }), Is.False);

    // As the PostgreSQL driver throws it: an InvalidOperationException whose source is the driver's assembly.
    static InvalidOperationException DriverException(string message) => new(message) { Source = "Npgsql" };

    static async Task<int> AttemptsUntilFaulted(Exception fault)
    {
        var counter = new AttemptCounter(fault);
        await using var provider = new ServiceCollection()
            .AddSingleton(counter)
            .AddMassTransitTestHarness(x =>
            {
                x.AddConsumer<AlwaysFailingConsumer, AlwaysFailingConsumerDefinition>();
                x.SetTestTimeouts(testTimeout: TimeSpan.FromSeconds(60), testInactivityTimeout: TimeSpan.FromSeconds(60));
            })
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new FailingCommand(Guid.NewGuid()));

        Assert.That(await harness.Published.Any<Fault<FailingCommand>>(), Is.True, "the message faulted after its retries");
        return counter.Attempts;
    }

    public sealed record FailingCommand(Guid Id);

    sealed class AttemptCounter(Exception fault)
    {
        int _attempts;

        public int Attempts => Volatile.Read(ref _attempts);

        public Exception Attempt()
        {
            Interlocked.Increment(ref _attempts);
            return fault;
        }
    }

    sealed class AlwaysFailingConsumer(AttemptCounter counter) : IConsumer<FailingCommand>
    {
        public Task Consume(ConsumeContext<FailingCommand> context) => throw counter.Attempt();
    }

    sealed class AlwaysFailingConsumerDefinition : ConsumerDefinition<AlwaysFailingConsumer>
    {
        protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator,
            IConsumerConfigurator<AlwaysFailingConsumer> consumerConfigurator, IRegistrationContext context) =>
            consumerConfigurator.UseTransientFaultRetry();
    }
}
