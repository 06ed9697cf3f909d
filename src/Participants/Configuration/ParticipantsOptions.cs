namespace Saga.Participants.Configuration;

/// <summary>Which participants this process runs, bound from <c>Participants</c>; all three unless a subset is named.</summary>
public sealed class ParticipantsOptions
{
    public const string Section = "Participants";

    public List<ParticipantKind> Enabled { get; set; } = [];

    /// <summary>Insert the demo customers, stock and served countries that are missing (for trying the services out; off by default).</summary>
    public bool SeedDemoData { get; set; }

    public IReadOnlyList<ParticipantKind> EnabledOrAll => Enabled.Count == 0 ? Enum.GetValues<ParticipantKind>() : Enabled.Distinct().ToList();

    public static string DatabaseSection(ParticipantKind participant) => $"{Section}:{participant}:Database";

    public static string OutboxSection(ParticipantKind participant) => $"{Section}:{participant}:Outbox";
}
