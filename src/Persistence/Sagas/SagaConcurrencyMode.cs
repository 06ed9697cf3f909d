namespace Saga.Persistence.Sagas;

public enum SagaConcurrencyMode
{
    /// <summary>
    /// Read without locks; the update matches the version that was read and a conflict is retried with fresh state.
    /// Needs the saga to implement <c>ISagaVersion</c>. The default: no lock is held while the state machine runs.
    /// </summary>
    Optimistic,

    /// <summary>
    /// Lock the saga's row when it is read, inside a transaction held until its changes are committed: PostgreSQL
    /// <c>SELECT … FOR UPDATE</c>, SQL Server <c>WITH (UPDLOCK, ROWLOCK)</c>, SQLite a write (IMMEDIATE) transaction.
    /// Concurrent messages for one saga wait for each other instead of conflicting.
    /// </summary>
    Pessimistic,
}
