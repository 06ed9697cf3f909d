namespace Saga.Exploration.Tests.Schedules;

/// <summary>What one step of a schedule does.</summary>
public enum StepKind
{
    /// <summary>Delivers one held message (a command to its participant, a reply to the saga).</summary>
    Deliver,

    /// <summary>Delivers one held message twice in a row.</summary>
    DeliverTwice,

    /// <summary>Delivers a copy of one held message now and keeps the original for later: a duplicate that arrives early, the original late.</summary>
    DeliverCopy,

    /// <summary>A held command's consumer gives up: its fault goes to the saga and the command to the error queue.</summary>
    Fault,

    /// <summary>An operator moves a faulted command back from the error queue to its participant.</summary>
    Redeliver,

    /// <summary>The deadline of the step the saga waits for passes (its reminder reaches the saga) while its replies are held.</summary>
    PassStepDeadline,

    /// <summary>The deadline of the pending compensation passes.</summary>
    PassCompensationDeadline,

    /// <summary>
    /// A pending deadline's reminder (the step's, else the compensation's) reaches the saga long after it was due, as after
    /// an outage on the orchestrator's side: the saga is expected to give the participant a grace period rather than give up.
    /// </summary>
    PassDeadlineHeldUp,

    /// <summary>The customer cancels the order.</summary>
    Cancel,

    /// <summary>An operator retries the order's compensation.</summary>
    RetryCompensation,
}
