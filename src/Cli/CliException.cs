namespace Saga.Cli;

/// <summary>Ends a command with one line for the operator and an exit code from <see cref="ExitCodes"/>.</summary>
public sealed class CliException : Exception
{
    public CliException()
        : this(ExitCodes.Failed, "the command failed")
    {
    }

    public CliException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : this(ExitCodes.Failed, message, innerException)
    {
    }

    public CliException(int exitCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
