namespace Saga.TestInfrastructure;

/// <summary>A process run by <see cref="ProcessRunner"/> exited with a non-zero code.</summary>
public sealed class ProcessFailedException : Exception
{
    public ProcessFailedException()
    {
    }

    public ProcessFailedException(string message)
        : base(message)
    {
    }

    public ProcessFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProcessFailedException(ProcessResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    /// <summary>The failed run, when this exception was made from one.</summary>
    public ProcessResult? Result { get; }

    private static string Describe(ProcessResult result) =>
        $"`{result.CommandLine}` exited with code {result.ExitCode} after {result.Elapsed.TotalSeconds:0.0} s."
        + Environment.NewLine + "stderr:" + Environment.NewLine + ProcessRunner.Tail(result.StandardError)
        + Environment.NewLine + "stdout:" + Environment.NewLine + ProcessRunner.Tail(result.StandardOutput);
}
