using System.Collections.Concurrent;

namespace Saga.Exploration.Tests.Harness;

/// <summary>
/// Stands between the saga and the participants: whatever one sends to the other is held here, per order, until a
/// schedule delivers it, delivers it twice, faults it or holds it past a deadline.
/// </summary>
public sealed class Relay
{
    readonly ConcurrentDictionary<Guid, OrderMailbox> _mailboxes = new();
    long _commandsSent;
    long _commandsCaptured;

    public Signal Changed { get; } = new();

    /// <summary>Commands the saga sent towards the relay's queue, counted as the bus hands them over.</summary>
    public long CommandsSent => Interlocked.Read(ref _commandsSent);

    public long CommandsCaptured => Interlocked.Read(ref _commandsCaptured);

    public OrderMailbox For(Guid orderId) => _mailboxes.GetOrAdd(orderId, _ => new OrderMailbox());

    public void CountCommandSent()
    {
        Interlocked.Increment(ref _commandsSent);
        Changed.Pulse();
    }

    public void Capture(object message, bool toSaga)
    {
        For(Messages.OrderOf(message)).Hold(new HeldMessage(message, toSaga));
        if (!toSaga)
            Interlocked.Increment(ref _commandsCaptured);
        Changed.Pulse();
    }

    public void Forget(Guid orderId) => _mailboxes.TryRemove(orderId, out _);
}
