using Saga.Operations.Sagas;

namespace Saga.Cli.Output;

/// <summary>One order for people: its fields (the empty ones left out), then its timeline.</summary>
public static class SagaDetails
{
    public static void Write(TextWriter output, SagaOverview saga, IReadOnlyList<SagaTransition> history)
    {
        var fields = new List<(string Name, string? Value)>
        {
            ("order", saga.OrderId.ToString()),
            ("state", saga.State),
            ("current step", saga.CurrentStep),
            ("flow version", Formats.Count(saga.DefinitionVersion)),
            ("customer", saga.CustomerId),
            ("customer reference", saga.CustomerReference),
            ("amount", Formats.Amount(saga.Amount, saga.Currency)),
            ("created", $"{Formats.Time(saga.CreatedAt)} UTC ({Formats.Duration(saga.AgeSeconds)} ago)"),
            ("updated", $"{Formats.Time(saga.UpdatedAt)} UTC ({Formats.Duration(saga.IdleSeconds)} ago)"),
            ("completed", Formats.Time(saga.CompletedAt)),
            ("compensated", Formats.Time(saga.CompensatedAt)),
            ("payment", Formats.Id(saga.PaymentId)),
            ("fraud check", Formats.Id(saga.FraudCheckId)),
            ("reservation", Formats.Id(saga.ReservationId)),
            ("shipment", Formats.Id(saga.ShipmentId)),
            ("failure reason", saga.FailureReason),
            ("timed out step", saga.TimedOutStep),
            ("compensation error", saga.CompensationError),
        };
        var width = fields.Max(f => f.Name.Length) + 2;
        foreach (var (name, value) in fields.Where(f => !string.IsNullOrEmpty(f.Value)))
            output.WriteLine($"{(name + ":").PadRight(width)}{value!.ReplaceLineEndings(" ")}");

        output.WriteLine();
        output.WriteLine($"timeline ({history.Count} transitions):");
        var table = new Table(new Column("#", AlignRight: true), new Column("time (UTC)"), new Column("from"), new Column("to"), new Column("event"),
            new Column("message type"), new Column("message id"), new Column("flow", AlignRight: true));
        foreach (var (transition, i) in history.Select((t, i) => (t, i + 1)))
        {
            table.Add(Formats.Count(i), Formats.Time(transition.OccurredAt), transition.FromState, transition.ToState, transition.Event,
                SagaTransition.ShortType(transition.MessageType), Formats.Id(transition.MessageId),
                transition.DefinitionVersion is { } version ? Formats.Count(version) : null);
        }

        table.Write(output);
    }
}
