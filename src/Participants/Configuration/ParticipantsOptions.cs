namespace Saga.Participants.Configuration;

/// <summary>Which participants this process runs, bound from <c>Participants</c>; all three unless a subset is named.</summary>
public sealed class ParticipantsOptions
{
    public const string Section = "Participants";

    public List<ParticipantKind> Enabled { get; set; } = [];

    public IReadOnlyList<ParticipantKind> EnabledOrAll => Enabled.Count == 0 ? Enum.GetValues<ParticipantKind>() : Enabled.Distinct().ToList();

    public static string DatabaseSection(ParticipantKind participant) => $"{Section}:{participant}:Database";
}
