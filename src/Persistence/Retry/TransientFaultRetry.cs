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
    /// One policy for a whole receive endpoint: a few immediate attempts (a race is usually over by the next one), then
    /// growing pauses that give a struggling database breathing room. One policy, not two stacked: MassTransit's outer
    /// retry filter does not retry what an inner one already gave up on.
    /// </summary>
    public static void UseTransientFaultRetry(this IConsumePipeConfigurator endpoint) => endpoint.UseMessageRetry(Policy);

    /// <summary>The same policy for one consumer, when several consumers with their own filters share an endpoint.</summary>
    public static void UseTransientFaultRetry<TConsumer>(this IConsumerConfigurator<TConsumer> consumer)
        where TConsumer : class =>
        consumer.UseMessageRetry(Policy);

    /// <summary>The pauses before each retry: 11 more attempts over about 7 seconds.</summary>
    public static IReadOnlyList<TimeSpan> Intervals { get; } =
    [
        TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero,
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
        TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3),
    ];

    static void Policy(IRetryConfigurator retry)
    {
        retry.Handle<DbUpdateException>();
        retry.Handle<DbException>();
        retry.Handle<TimeoutException>();
        retry.Intervals([.. Intervals]);
    }
}
