namespace Saga.Cli.Commands;

/// <summary>What <c>cancel</c> and <c>retry</c> print: the orchestrator's answer, accepted or refused, and its details.</summary>
public sealed record RequestOutcome(Guid OrderId, bool Accepted, string? Reason = null, string? Step = null)
{
    public string Outcome => Accepted ? "accepted" : "refused";

    public int ExitCode => Accepted ? ExitCodes.Ok : ExitCodes.Failed;

    public void Write(TextWriter output, string acceptedText) =>
        output.WriteLine(Accepted ? $"accepted: {acceptedText}" : $"refused: {Reason}");
}
