namespace Saga.Persistence.Tests.Support;

/// <summary>
/// One send the <see cref="TestBroker"/> stops before it reaches the broker, as if the sending process froze there: the
/// test sees when it got there, does what it needs meanwhile, and then abandons it — the send fails without anything
/// having been sent, the way a process that died at that point would have sent nothing — or releases it, and the send
/// goes on as a process that only froze for a while would.
/// </summary>
public sealed class SendHold
{
    readonly TaskCompletionSource _abandoned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the held send is waiting.</summary>
    public Task Reached => _reached.Task;

    /// <summary>Lets the held send fail without sending; idempotent, so a test can also call it on the way out.</summary>
    public void Abandon() => _abandoned.TrySetResult();

    /// <summary>Lets the held send go on to the broker.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Waits until released, or abandoned (or until the sender gives up on the send) and then fails the send.</summary>
    internal async Task Hold(Uri address, CancellationToken cancellationToken)
    {
        _reached.TrySetResult();
        await Task.WhenAny(_abandoned.Task, _released.Task).WaitAsync(cancellationToken);
        if (_released.Task.IsCompleted)
            return;
        throw new InvalidOperationException($"The send to {address} was held and abandoned (simulated crash); nothing was sent");
    }
}
