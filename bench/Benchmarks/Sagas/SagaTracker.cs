using System.Collections.Concurrent;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Every saga the driver started, by order id, and the terminal events that arrived for them. Events for an order that
/// already ended, or that this run never started, are counted, not matched.
/// </summary>
public sealed class SagaTracker
{
    readonly ConcurrentDictionary<Guid, RunningSaga> _sagas = new();
    long _duplicates;
    long _unknown;
    long _ended;

    /// <summary>Called once per saga, on the thread that received its first terminal event.</summary>
    public Action<RunningSaga>? OnEnded { get; set; }

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long Unknown => Interlocked.Read(ref _unknown);

    public long EndedCount => Interlocked.Read(ref _ended);

    public ICollection<RunningSaga> All => _sagas.Values;

    public void Add(RunningSaga saga)
    {
        if (!_sagas.TryAdd(saga.Plan.Order.OrderId, saga))
            throw new InvalidOperationException($"order {saga.Plan.Order.OrderId} was started twice");
    }

    public void Received(Guid orderId, string terminalEvent, long at)
    {
        if (!_sagas.TryGetValue(orderId, out var saga))
        {
            Interlocked.Increment(ref _unknown);
            return;
        }

        if (!saga.End(terminalEvent, at))
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }

        Interlocked.Increment(ref _ended);
        OnEnded?.Invoke(saga);
    }
}
