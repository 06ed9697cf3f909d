using Saga.Participants.Payment.FraudRules;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Infrastructure;

/// <summary>How <see cref="ParticipantsTestHost"/> runs the participants.</summary>
public sealed record ParticipantsTestHostOptions
{
    /// <summary>
    /// SQLite: a file per participant in a fresh folder. PostgreSQL: a fresh database per participant on the assembly's private
    /// cluster (<see cref="Servers"/>), migrated as the service migrates it.
    /// </summary>
    public DatabaseProvider Database { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Null: the SQLite databases registered in code, with default outboxes. Otherwise the participants' settings (e.g.
    /// <c>Participants:Payment:Outbox:Enabled</c>), registered from configuration as the service does; the database settings
    /// are added. A PostgreSQL host is always registered from configuration.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>How many messages each endpoint consumes at once; null for the in-memory transport's default.</summary>
    public int? ConcurrentMessageLimit { get; init; }

    /// <summary>The payment participant's fraud rule; null for its default, which blocks nothing.</summary>
    public FraudCheckOptions? FraudCheck { get; init; }
}
