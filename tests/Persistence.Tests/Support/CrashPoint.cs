namespace Saga.Persistence.Tests.Support;

/// <summary>Where a consume attempt can be made to crash, all before its transaction commits.</summary>
public enum CrashPoint
{
    /// <summary>The consumer throws after it has added its charge and published its event.</summary>
    InConsumer,

    /// <summary>The consumer's <c>SaveChanges</c> throws.</summary>
    SaveChanges,

    /// <summary>The commit of the transaction that holds the charge throws before it reaches the database.</summary>
    Commit,
}
