using System.Collections.Concurrent;
using MassTransit;

namespace Saga.Persistence.Tests.Support;

/// <summary>
/// What the outbox delivery sends through in these tests: the harness bus, behind a log of every message the broker
/// accepted (in the order it accepted them), a switch that makes sends fail the way an unreachable broker would, and a
/// hold that stops one send midway, as a process that froze (or died) while sending would.
/// </summary>
public sealed class TestBroker(ISendEndpointProvider bus) : ISendEndpointProvider
{
    const int Reachable = -1;

    readonly Lock _lock = new();
    readonly ConcurrentQueue<SentMessage> _sent = new();
    int _failedSends;
    SendHold? _hold;
    int _sendsUntilOutage = Reachable;

    /// <summary>Every message accepted so far, in the order the sends completed.</summary>
    public IReadOnlyList<SentMessage> Sent => [.. _sent];

    /// <summary>Sends refused because of an outage.</summary>
    public int FailedSends => Volatile.Read(ref _failedSends);

    /// <summary>Lets the next <paramref name="sends"/> messages through, then refuses every send until <see cref="Restore"/>.</summary>
    public void BreakAfter(int sends)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sends);
        lock (_lock)
            _sendsUntilOutage = sends;
    }

    /// <summary>Stops the next send before it reaches the broker, until the test abandons it (see <see cref="SendHold"/>).</summary>
    public SendHold HoldNextSend()
    {
        var hold = new SendHold();
        lock (_lock)
            _hold = hold;
        return hold;
    }

    public void Restore()
    {
        lock (_lock)
            _sendsUntilOutage = Reachable;
    }

    public async Task<ISendEndpoint> GetSendEndpoint(Uri address) => new TestBrokerEndpoint(this, address, await bus.GetSendEndpoint(address));

    public ConnectHandle ConnectSendObserver(ISendObserver observer) => bus.ConnectSendObserver(observer);

    /// <summary>Holds the send if the test asked for it; throws, as the transport would, if the broker is down for it.</summary>
    internal async Task EnsureReachable(Uri address, CancellationToken cancellationToken)
    {
        SendHold? hold;
        lock (_lock)
            (hold, _hold) = (_hold, null);
        if (hold is not null)
            await hold.Hold(address, cancellationToken);

        lock (_lock)
        {
            if (_sendsUntilOutage == Reachable)
                return;
            if (_sendsUntilOutage > 0)
            {
                _sendsUntilOutage--;
                return;
            }
        }

        Interlocked.Increment(ref _failedSends);
        throw new InvalidOperationException($"The broker is unreachable (simulated outage); nothing was sent to {address}");
    }

    internal void Accepted(SentMessage message) => _sent.Enqueue(message);
}
