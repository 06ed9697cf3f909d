using Microsoft.Extensions.Logging;

namespace Saga.OperatorConsole.Security;

/// <summary>The console's log lines about operators: who signed in, and refused tokens (never the token).</summary>
public static partial class OperatorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Operator {Operator} signed in to the saga console")]
    public static partial void SignedIn(ILogger logger, string @operator);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saga console sign-in refused: not an operator's token (from {RemoteAddress})")]
    public static partial void SignInRefused(ILogger logger, string remoteAddress);
}
