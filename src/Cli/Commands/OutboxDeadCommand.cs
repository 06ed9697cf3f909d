using System.CommandLine;
using Saga.Cli.Output;
using Saga.Operations.Connection;
using Saga.Operations.Outbox;

namespace Saga.Cli.Commands;

/// <summary><c>saga outbox dead [--service NAME]</c>: a service's dead outbox batches, oldest first, with what they still have to deliver.</summary>
public static class OutboxDeadCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var service = OutboxCommand.Service(required: false);
        var command = new Command("dead", "List the dead outbox batches (delivery failed MaxDeliveryAttempts times), oldest first, with their undelivered messages")
        {
            service,
        };
        command.SetAction(globals, context => RunAsync(context, OutboxService.Named(context.Value(service)!)));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, OutboxService service)
    {
        var settings = context.SettingsFor(service.DatabaseSection, service.DefaultSqliteFile);
        await using var database = await SagaDatabase.OpenAsync(settings.Database, service.DatabaseSection, writable: false, context.CancellationToken);
        var batches = await new OutboxQueries(database).DeadAsync(context.CancellationToken);
        await context.WriteAsync(new { service = service.Name, batches }, output => Write(output, service, batches));
        return ExitCodes.Ok;
    }

    static void Write(TextWriter output, OutboxService service, IReadOnlyList<DeadBatch> batches)
    {
        output.WriteLine($"{service.Name}: {batches.Count} dead outbox batch(es)");
        if (batches.Count == 0)
            return;
        var table = new Table(new Column("outbox id"), new Column("created (UTC)"), new Column("dead at (UTC)"), new Column("attempts", AlignRight: true),
            new Column("messages", AlignRight: true), new Column("types -> destinations"), new Column("last error"));
        foreach (var batch in batches)
        {
            table.Add(batch.OutboxId.ToString(), Formats.Time(batch.CreatedAt), Formats.Time(batch.DeadAt), Formats.Count(batch.DeliveryAttempts),
                Formats.Count(batch.UndeliveredMessages), Formats.Shorten(Describe(batch.Messages), 80), Formats.Shorten(batch.LastError ?? "", 100));
        }

        table.Write(output);
    }

    // "OrderPaid -> rabbitmq://…/order-saga, …": the message type's last name, and where a send goes (a publish has no destination).
    static string Describe(IReadOnlyList<UndeliveredMessage> messages) =>
        string.Join(", ", messages.Select(m => m.Destination is null ? ShortType(m.MessageType) : $"{ShortType(m.MessageType)} -> {m.Destination}"));

    static string ShortType(string messageType)
    {
        // MassTransit stores "urn:message:Namespace:Type" (several for a type with interfaces, separated by ';').
        var first = messageType.Split(';', 2)[0];
        return first[(first.LastIndexOf(':') + 1)..];
    }
}
