namespace Saga.Persistence.Outbox;

/// <summary>One consume attempt as an <see cref="IOutboxConsumeHook{TDbContext}"/> takes part in it.</summary>
public interface IOutboxConsumeAttempt
{
    /// <summary>The attempt's transaction ended, committed or rolled back: nothing may be written into it any more.</summary>
    void Ended();

    /// <summary>The attempt's transaction committed; called after <see cref="Ended"/>.</summary>
    void Committed();
}
