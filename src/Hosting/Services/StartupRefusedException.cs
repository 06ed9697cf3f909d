namespace Saga.Hosting.Services;

/// <summary>
/// A start-up check found the service must not run as things are (its message says why and what to do). The command
/// line prints the message alone and exits with <see cref="ServiceCommandLine.RefusedExitCode"/>.
/// </summary>
public sealed class StartupRefusedException : Exception
{
    public StartupRefusedException()
    {
    }

    public StartupRefusedException(string message)
        : base(message)
    {
    }

    public StartupRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
