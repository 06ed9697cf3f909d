namespace Saga.OperatorConsole.Security;

/// <summary>
/// What the console lets through where it is served: actions only when enabled (and then only for a signed-in operator);
/// every page behind sign-in when it listens on an address other machines can reach.
/// </summary>
public sealed record ConsoleAccess(bool ActionsEnabled, bool PagesNeedSignIn, bool OperatorsConfigured);
