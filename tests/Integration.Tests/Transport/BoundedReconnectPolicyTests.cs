using MassTransit;
using MassTransit.Middleware;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client.Exceptions;
using Saga.Settings.Transport;

namespace Saga.Integration.Tests.Transport;

/// <summary>
/// The RabbitMQ bus retries a lost connection about once a second however many attempts failed before in the process's
/// life, where MassTransit's own policy waits longer after each (with consumers sending when their node died, endpoints consumed again 8–26 s later, some not within 120 s).
/// No broker is needed: the bus is built, not started.
/// </summary>
public sealed class BoundedReconnectPolicyTests
{
    static readonly TimeSpan MostWithJitter = BoundedReconnectPolicy.Interval * 1.25;

    sealed class Attempt() : BasePipeContext(CancellationToken.None);

    [Test]
    public async Task The_configured_bus_waits_at_most_about_a_second_before_each_reconnect_even_after_thousands_of_failed_attempts()
    {
        var policy = await ConfiguredPolicy();

        using var policyContext = policy.CreatePolicyContext(new Attempt());
        var lost = new ConnectionException("connection lost");
        Assert.That(policyContext.CanRetry(lost, out var retry), Is.True);
        var delays = new List<TimeSpan>();
        for (var failed = 1; failed <= 5000; failed++)
        {
            delays.Add(retry.Delay ?? TimeSpan.Zero);
            Assert.That(retry.CanRetry(lost, out retry), Is.True, $"gave up after {failed} failed attempts");
        }

        Assert.That(delays.Max(), Is.LessThanOrEqualTo(MostWithJitter));
    }

    [Test]
    public async Task The_configured_bus_still_does_not_retry_a_refused_login_and_retries_what_MassTransit_retries()
    {
        var policy = await ConfiguredPolicy();

        Assert.Multiple(() =>
        {
            Assert.That(policy.IsHandled(new AuthenticationFailureException("ACCESS_REFUSED")), Is.False);
            Assert.That(policy.IsHandled(new ConnectionException("connection lost")), Is.True);
            Assert.That(policy.IsHandled(new InvalidOperationException("a bug")), Is.False);
        });
    }

    // Why the policy is replaced: if a MassTransit update bounds its own backoff, this fails and the replacement can go.
    [Test]
    public void MassTransits_own_policy_waits_longer_after_each_failed_attempt()
    {
        IRetryPolicy? policy = null;
        Bus.Factory.CreateUsingRabbitMq(cfg => policy = BoundedReconnectPolicy.Of(cfg));

        using var policyContext = policy!.CreatePolicyContext(new Attempt());
        var lost = new ConnectionException("connection lost");
        Assert.That(policyContext.CanRetry(lost, out var retry), Is.True);
        for (var failed = 1; failed < 4; failed++)
            retry.CanRetry(lost, out retry);

        Assert.That(retry.Delay, Is.GreaterThan(TimeSpan.FromSeconds(10)));
    }

    static async Task<IRetryPolicy> ConfiguredPolicy()
    {
        IRetryPolicy? policy = null;
        var options = new TransportOptions { Kind = TransportKind.RabbitMq, RabbitMq = { ClusterNodes = ["rabbit-1", "rabbit-2", "rabbit-3"] } };
        var services = new ServiceCollection();
        services.AddMassTransit(bus => bus.UsingConfiguredTransport(options,
            (_, cfg) => policy = BoundedReconnectPolicy.Of((IRabbitMqBusFactoryConfigurator)cfg)));
        await using var provider = services.BuildServiceProvider();
        _ = provider.GetRequiredService<IBusControl>();
        return policy ?? throw new InvalidOperationException("the bus was not configured");
    }
}
