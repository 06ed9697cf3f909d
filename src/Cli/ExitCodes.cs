namespace Saga.Cli;

/// <summary>What the tool's exit code means; docs/cli.md lists the same table.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The request was refused, the order or message was not found, or the order ended other than Completed.</summary>
    public const int Failed = 1;

    /// <summary>The command line or a setting is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The broker or the database cannot be reached (or the database has no saga views).</summary>
    public const int Unreachable = 3;

    /// <summary>No answer, or no final state, within the timeout.</summary>
    public const int Timeout = 4;
}
