using System.Data.Common;
using System.Net.Sockets;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Saga.Persistence.Retry;

/// <summary>
/// The retry policy for faults that a fresh attempt can fix: a lost optimistic-concurrency race or a duplicate insert
/// (<see cref="DbUpdateException"/>), a busy, dropped or restarting database (<see cref="DbException"/>, a broken
/// connection's I/O error, or a driver that finds its transaction gone), a timeout. Anything else is a bug or bad data and
/// faults at once, to the error queue.
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

    /// <summary>
    /// The pauses before each retry: 13 more attempts over about 22 seconds, long enough to ride out a database restart
    /// (there is no later redelivery to fall back on: the durable scheduler lives in that database).
    /// </summary>
    public static IReadOnlyList<TimeSpan> Intervals { get; } =
    [
        TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero,
        TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400),
        TimeSpan.FromMilliseconds(700), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(3),
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
    ];

    /// <summary>Whether a fresh attempt can fix <paramref name="exception"/>: it, or an exception it wraps, is transient.</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is DbUpdateException or DbException or TimeoutException or IOException or SocketException)
                return true;

            // A connection that broke under a transaction leaves the driver's transaction completed; the next use says so.
            if (current is InvalidOperationException && IsDatabaseDriver(current.Source))
                return true;
        }

        return false;
    }

    static bool IsDatabaseDriver(string? source) =>
        source is "Npgsql" or "Microsoft.Data.SqlClient" or "Microsoft.Data.Sqlite";

    static void Policy(IRetryConfigurator retry)
    {
        retry.Handle<Exception>(IsTransient);
        retry.Intervals([.. Intervals]);
    }
}
