namespace Saga.Benchmarks.OutboxLag;

/// <summary>The business row of one unit of work: what a writer commits together with the messages it publishes.</summary>
public sealed class WrittenRecord
{
    public Guid Id { get; set; }

    public int Writer { get; set; }

    /// <summary>The unit of work's place in the run's schedule.</summary>
    public long Sequence { get; set; }

    public DateTime WrittenAt { get; set; }
}
