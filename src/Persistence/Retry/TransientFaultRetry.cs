using System.Data.Common;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Retry;

/// <summary>
/// The retry policy for faults that a fresh attempt can fix: a lost optimistic-concurrency race or a duplicate insert
/// (<see cref="DbUpdateException"/>), a busy or dropped database connection (<see cref="DbException"/>), a timeout.
/// Anything else is a bug or bad data and faults at once, to the error queue.
/// </summary>
public static class TransientFaultRetry
{
    /// <summary>
    /// Immediate retries inside exponential back-off with jitter, for a whole receive endpoint: a race is usually over by
    /// the next attempt; a struggling database gets breathing room.
    /// </summary>
    public static void UseTransientFaultRetry(this IConsumePipeConfigurator endpoint)
    {
        endpoint.UseMessageRetry(Exponential);
        endpoint.UseMessageRetry(Immediate);
    }

    /// <summary>The same policy for one consumer, when several consumers with their own filters share an endpoint.</summary>
    public static void UseTransientFaultRetry<TConsumer>(this IConsumerConfigurator<TConsumer> consumer)
        where TConsumer : class
    {
        consumer.UseMessageRetry(Exponential);
        consumer.UseMessageRetry(Immediate);
    }

    static void Immediate(IRetryConfigurator retry)
    {
        HandleTransient(retry);
        retry.Immediate(3);
    }

    static void Exponential(IRetryConfigurator retry)
    {
        HandleTransient(retry);
        // 5 more rounds, about 100 ms, 300 ms, 700 ms, 1.5 s, 3 s apart, each varied by MassTransit's jitter (±25 %).
        retry.Exponential(5, TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
    }

    static void HandleTransient(IRetryConfigurator retry)
    {
        retry.Handle<DbUpdateException>();
        retry.Handle<DbException>();
        retry.Handle<TimeoutException>();
    }
}
