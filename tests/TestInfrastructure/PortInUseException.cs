namespace Saga.TestInfrastructure;

/// <summary>A server could not bind a port that was free when chosen (another process took it meanwhile); worth a retry.</summary>
internal sealed class PortInUseException : Exception
{
    public PortInUseException()
    {
    }

    public PortInUseException(string message)
        : base(message)
    {
    }

    public PortInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
