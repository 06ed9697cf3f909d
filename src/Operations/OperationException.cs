namespace Saga.Operations;

/// <summary>An operation that failed, with one line for the operator naming what to check, and why (<see cref="Kind"/>).</summary>
public sealed class OperationException : Exception
{
    public OperationException()
        : this(OperationFailure.Failed, "the operation failed")
    {
    }

    public OperationException(string message)
        : this(OperationFailure.Failed, message)
    {
    }

    public OperationException(string message, Exception innerException)
        : this(OperationFailure.Failed, message, innerException)
    {
    }

    public OperationException(OperationFailure kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public OperationFailure Kind { get; }
}
