namespace Saga.Exploration.Tests.Harness;

/// <summary>What the relay holds for one order, in the order it arrived, and the commands a schedule faulted (its error queue).</summary>
public sealed class OrderMailbox
{
    readonly Lock _lock = new();
    readonly List<HeldMessage> _held = [];
    readonly List<object> _deadLettered = [];
    readonly List<string> _sagaFaults = [];
    int _replies;

    public int Replies
    {
        get
        {
            lock (_lock)
                return _replies;
        }
    }

    public void Hold(HeldMessage message)
    {
        lock (_lock)
        {
            _held.Add(message);
            if (message.ToSaga)
                _replies++;
        }
    }

    public IReadOnlyList<HeldMessage> Held
    {
        get
        {
            lock (_lock)
                return [.. _held];
        }
    }

    public IReadOnlyList<object> DeadLettered
    {
        get
        {
            lock (_lock)
                return [.. _deadLettered];
        }
    }

    public IReadOnlyList<string> SagaFaults
    {
        get
        {
            lock (_lock)
                return [.. _sagaFaults];
        }
    }

    public void Release(HeldMessage message)
    {
        lock (_lock)
            _held.Remove(message);
    }

    public void DeadLetter(HeldMessage message)
    {
        lock (_lock)
        {
            _held.Remove(message);
            _deadLettered.Add(message.Message);
        }
    }

    public void Revive(object command)
    {
        lock (_lock)
            _deadLettered.Remove(command);
    }

    public void RecordSagaFault(string fault)
    {
        lock (_lock)
            _sagaFaults.Add(fault);
    }
}
