using System.Collections.Concurrent;
using MassTransit;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// Takes a <see cref="LedgerSnapshot"/> each time a ledger consumer is about to be retried: after the failed attempt
/// was rolled back and before the next one starts, which is where a crashed attempt must have left nothing behind.
/// </summary>
public sealed class StateBeforeRetry(IServiceProvider services) : IRetryObserver
{
    readonly ConcurrentQueue<LedgerSnapshot> _snapshots = new();

    public IReadOnlyList<LedgerSnapshot> Snapshots => [.. _snapshots];

    public async Task PreRetry<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        _snapshots.Enqueue(await LedgerSnapshot.TakeAsync(services));

    public Task PostCreate<T>(RetryPolicyContext<T> context)
        where T : class, PipeContext =>
        Task.CompletedTask;

    public Task PostFault<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        Task.CompletedTask;

    public Task RetryFault<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        Task.CompletedTask;

    public Task RetryComplete<T>(RetryContext<T> context)
        where T : class, PipeContext =>
        Task.CompletedTask;
}
