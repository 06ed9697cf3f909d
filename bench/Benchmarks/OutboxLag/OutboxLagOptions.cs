using System.Globalization;
using Saga.Persistence.Dialects;
using Saga.Persistence.Outbox;

namespace Saga.Benchmarks.OutboxLag;

/// <summary>What one outbox-lag run does: the database, the load, and the outbox settings it runs with.</summary>
public sealed record OutboxLagOptions
{
    public const string Usage =
        """
        outbox-lag: time from the commit that stored an outbox message to the broker's publisher confirm.

          --provider postgresql|sqlite     database holding the outbox (default postgresql)
          --writers N                      concurrent writers, each committing one unit of work at a time (default 8)
          --messages N                     messages to measure (default 5000); or
          --duration SECONDS               write for this long instead of a fixed number of messages
          --rate MESSAGES_PER_SECOND       target rate for all writers together (default: as fast as they can)
          --messages-per-commit K          messages published in each unit of work (default 1)
          --warmup N                       messages written and delivered first, not measured (default 500)
          --transaction implicit|explicit  SaveChanges' own transaction, or SaveChanges inside BeginTransaction/Commit (default implicit)
          --hold-transaction-ms N          explicit only: keep the transaction open N ms after SaveChanges (more work in it) (default 0)
          --delivery-batch-size N          TransactionalOutboxOptions.DeliveryBatchSize (default: the library's)
          --delivery-concurrency N         TransactionalOutboxOptions.DeliveryConcurrency (default: the library's)
          --poll-interval-ms N             TransactionalOutboxOptions.PollInterval (default: the library's)
          --drain-timeout SECONDS          how long to wait for the last confirms (default 120)
          --rabbitmq AMQP_URI              use this broker instead of a private node (amqp://user:password@host:port/vhost)
          --postgresql CONNECTION_STRING   use this (empty) database instead of a private cluster
        """;

    static readonly TransactionalOutboxOptions<OutboxLagDbContext> LibraryDefaults = new();

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.PostgreSql;

    public int Writers { get; init; } = 8;

    /// <summary>Messages to measure; null when the run is bounded by <see cref="Duration"/> instead.</summary>
    public int? Messages { get; init; } = 5000;

    public TimeSpan? Duration { get; init; }

    /// <summary>Target messages per second for all writers together; null for as fast as they go.</summary>
    public double? Rate { get; init; }

    public int MessagesPerCommit { get; init; } = 1;

    public int WarmupMessages { get; init; } = 500;

    public bool ExplicitTransaction { get; init; }

    /// <summary>With an explicit transaction, how long it stays open after SaveChanges: the rest of the unit of work.</summary>
    public TimeSpan HoldTransaction { get; init; }

    public int DeliveryBatchSize { get; init; } = LibraryDefaults.DeliveryBatchSize;

    public int DeliveryConcurrency { get; init; } = LibraryDefaults.DeliveryConcurrency;

    public TimeSpan PollInterval { get; init; } = LibraryDefaults.PollInterval;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public Uri? RabbitMqUri { get; init; }

    public string? PostgreSqlConnectionString { get; init; }

    /// <summary>Commits the measured part makes, when it is bounded by a number of messages.</summary>
    public long? Commits => Messages is { } messages ? (messages + MessagesPerCommit - 1) / MessagesPerCommit : null;

    public long WarmupCommits => (WarmupMessages + MessagesPerCommit - 1) / MessagesPerCommit;

    public static OutboxLagOptions Parse(IReadOnlyList<string> args)
    {
        var options = new OutboxLagOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");

            options = name switch
            {
                "--provider" => options with { Provider = ParseProvider(Value()) },
                "--writers" => options with { Writers = Positive(name, Value()) },
                "--messages" => options with { Messages = Positive(name, Value()), Duration = null },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(name, Value())), Messages = null },
                "--rate" => options with { Rate = PositiveNumber(name, Value()) },
                "--messages-per-commit" => options with { MessagesPerCommit = Positive(name, Value()) },
                "--warmup" => options with { WarmupMessages = NotNegative(name, Value()) },
                "--transaction" => options with { ExplicitTransaction = ParseTransaction(Value()) },
                "--hold-transaction-ms" => options with { HoldTransaction = TimeSpan.FromMilliseconds(NotNegative(name, Value())) },
                "--delivery-batch-size" => options with { DeliveryBatchSize = Positive(name, Value()) },
                "--delivery-concurrency" => options with { DeliveryConcurrency = Positive(name, Value()) },
                "--poll-interval-ms" => options with { PollInterval = TimeSpan.FromMilliseconds(Positive(name, Value())) },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--rabbitmq" => options with { RabbitMqUri = ParseAmqpUri(Value()) },
                "--postgresql" => options with { PostgreSqlConnectionString = Value() },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
        }

        if (options.PostgreSqlConnectionString is not null && options.Provider != DatabaseProvider.PostgreSql)
            throw new ArgumentException("--postgresql needs --provider postgresql");

        if (options.HoldTransaction > TimeSpan.Zero && !options.ExplicitTransaction)
            throw new ArgumentException("--hold-transaction-ms needs --transaction explicit");

        return options;
    }

    static DatabaseProvider ParseProvider(string value) => value.ToUpperInvariant() switch
    {
        "POSTGRESQL" or "POSTGRES" or "PG" => DatabaseProvider.PostgreSql,
        "SQLITE" => DatabaseProvider.Sqlite,
        _ => throw new ArgumentException($"--provider must be postgresql or sqlite, not '{value}'"),
    };

    static bool ParseTransaction(string value) => value switch
    {
        "implicit" => false,
        "explicit" => true,
        _ => throw new ArgumentException($"--transaction must be implicit or explicit, not '{value}'"),
    };

    static Uri ParseAmqpUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "amqp" or "amqps"
            ? uri
            : throw new ArgumentException($"--rabbitmq must be an amqp:// or amqps:// URI, not '{value}'");

    static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a whole number above zero, not '{value}'");

    static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} must be a whole number, not '{value}'");

    static double PositiveNumber(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number > 0 && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name} must be a number above zero, not '{value}'");
}
