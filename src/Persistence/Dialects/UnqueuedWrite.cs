namespace Saga.Persistence.Dialects;

/// <summary>The turn to write on a database whose writers do not take turns: nothing to wait for, nothing to release.</summary>
internal sealed class UnqueuedWrite : IDisposable
{
    public static Task<IDisposable> Entered { get; } = Task.FromResult<IDisposable>(new UnqueuedWrite());

    public void Dispose()
    {
    }
}
