using Saga.Operations;

namespace Saga.OperatorConsole.Data;

/// <summary>
/// An action's outcome as the page shows it: accepted or refused as the action answered, or failed when it could not be
/// carried out (the broker or the database did not answer); the same words as the audit log's <c>outcome</c>.
/// </summary>
public sealed record ConsoleActionOutcome(string Outcome, string Summary)
{
    public const string Accepted = "accepted";
    public const string Refused = "refused";
    public const string Failed = "failed";

    public static ConsoleActionOutcome Of(OperationException failure) => new(Failed, failure.Message);
}
