using System.Reflection;
using MassTransit;

namespace Saga.Settings.Transport;

/// <summary>
/// Reconnects the bus about once a second however often it already failed. MassTransit 8.5's RabbitMQ host retries a lost
/// connection with one policy for sends and receive endpoints: exponential, 3 s to 30 s (±25 %), up to 1000 times. When
/// the connected node dies under load, the sends of the messages in flight fail (a participant sends its outbox batch
/// before it acknowledges), and each waits 1 s + 4–8 s before its second attempt, longer after more; their consumers hold
/// their endpoints meanwhile, and the connection comes back only when one of those attempts comes round. Measured with
/// consumers that send: endpoints consuming again 8–26 s after the kill, some not within 120 s, against about 1 s with
/// nothing in flight. A receive endpoint also never resets its count once it ran again, so later failovers would wait
/// longer still. The policy cannot be set through MassTransit's configuration, so this swaps it on the host configuration;
/// MassTransit's own choice of which exceptions are worth a retry stays.
/// </summary>
public static class BoundedReconnectPolicy
{
    /// <summary>The pause before each new attempt (±25 %), on top of the one second MassTransit waits after a failure.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    /// <summary>Replaces the host's transport retry policy with <see cref="Create"/>; returns the one now in place.</summary>
    /// <exception cref="InvalidOperationException">This MassTransit keeps its policy elsewhere (a new version): the bus must not start with the unbounded one.</exception>
    public static IRetryPolicy ApplyTo(IRabbitMqBusFactoryConfigurator configurator)
    {
        var (host, field) = PolicyField(configurator);
        var bounded = Create((IRetryPolicy)field.GetValue(host)!);
        field.SetValue(host, bounded);
        return bounded;
    }

    /// <summary>The transport retry policy the host of <paramref name="configurator"/> uses now (for receive endpoints and sends).</summary>
    public static IRetryPolicy Of(IRabbitMqBusFactoryConfigurator configurator)
    {
        var (host, field) = PolicyField(configurator);
        return (IRetryPolicy)field.GetValue(host)!;
    }

    /// <summary>
    /// Retries what <paramref name="transportPolicy"/> retries (connection failures, not a refused login) without end, each
    /// after <see cref="Interval"/>: the count the receive endpoints keep for the process's life then costs nothing.
    /// </summary>
    public static IRetryPolicy Create(IRetryPolicy transportPolicy) =>
        Retry.CreatePolicy(retry =>
        {
            retry.Handle<Exception>(transportPolicy.IsHandled);
            // Exponential from Interval to Interval: a constant interval with jitter, so that instances do not reconnect in step.
            retry.Exponential(int.MaxValue, Interval, Interval, Interval);
        });

    static (object Host, FieldInfo Field) PolicyField(IRabbitMqBusFactoryConfigurator configurator)
    {
        // RabbitMqBusFactoryConfigurator._hostConfiguration (RabbitMqHostConfiguration), whose get-only ReceiveTransportRetryPolicy
        // is also its SendTransportRetryPolicy.
        var host = configurator.GetType().GetField("_hostConfiguration", Instance)?.GetValue(configurator);
        var field = host?.GetType().GetField("<ReceiveTransportRetryPolicy>k__BackingField", Instance);
        if (host is null || field is null || !typeof(IRetryPolicy).IsAssignableFrom(field.FieldType))
            throw new InvalidOperationException(
                $"MassTransit {typeof(IRabbitMqBusFactoryConfigurator).Assembly.GetName().Version} keeps the RabbitMQ transport retry policy " +
                "elsewhere than 8.5 did; BoundedReconnectPolicy must be updated, or reconnects back off up to 30 s.");
        return (host, field);
    }
}
