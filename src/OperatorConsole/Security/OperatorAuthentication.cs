namespace Saga.OperatorConsole.Security;

/// <summary>The names of the console's cookie authentication scheme, its cookie and its authorization policy.</summary>
public static class OperatorAuthentication
{
    public const string Scheme = "SagaConsoleOperator";

    public const string CookieName = "saga-console-operator";

    /// <summary>A signed-in operator: what the action pages, and every page on a non-loopback address, require.</summary>
    public const string Policy = "SagaConsoleOperator";

    public const string SignInPath = "/signin";
}
