namespace Saga.TestInfrastructure;

/// <summary>What a finished process printed and how it ended.</summary>
public sealed record ProcessResult(
    string FileName,
    IReadOnlyList<string> Arguments,
    int ExitCode,
    string StandardOutput,
    string StandardError,
    TimeSpan Elapsed)
{
    /// <summary>True when the process exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command line, for messages.</summary>
    public string CommandLine => ProcessRunner.FormatCommandLine(FileName, Arguments);

    /// <summary>Returns this result, or throws <see cref="ProcessFailedException"/> when the exit code is not 0.</summary>
    public ProcessResult EnsureSuccess() => Succeeded ? this : throw new ProcessFailedException(this);
}
