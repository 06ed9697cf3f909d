namespace Saga.Persistence.Outbox;

/// <summary>
/// What a consumer or a state observer wants done only once its transaction committed (a metric of a committed fact, say):
/// a payload of the consume context for one attempt. A rolled-back attempt drops it, and its retry starts a new one, so
/// nothing is done twice for one message.
/// </summary>
public sealed class AfterCommit
{
    readonly Lock _lock = new();
    readonly List<Action> _actions = [];

    public void Add(Action action)
    {
        lock (_lock)
            _actions.Add(action);
    }

    /// <summary>Runs the actions once, after the commit; one that throws does not stop the others or the message.</summary>
    internal void Run()
    {
        Action[] actions;
        lock (_lock)
        {
            actions = [.. _actions];
            _actions.Clear();
        }

        foreach (var action in actions)
        {
            try
            {
                action();
            }
            catch (Exception)
            {
                // Telemetry must never fail a message that committed.
            }
        }
    }
}
