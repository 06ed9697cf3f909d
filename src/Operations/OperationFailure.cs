namespace Saga.Operations;

/// <summary>Why an operation failed, so that each front end can answer in its own way (the CLI with its exit codes).</summary>
public enum OperationFailure
{
    /// <summary>The request was refused, or the order, queue or message was not found.</summary>
    Failed,

    /// <summary>A setting is wrong.</summary>
    InvalidSetting,

    /// <summary>The broker or the database cannot be reached (or the database has no saga views).</summary>
    Unreachable,

    /// <summary>No answer within the timeout.</summary>
    Timeout,
}
