using System.CommandLine;
using Saga.Operations.Connection;
using Saga.Operations.Outbox;

namespace Saga.Cli.Commands;

/// <summary>
/// <c>saga outbox requeue --service NAME (--batch ID … | --all)</c>: makes dead outbox batches deliverable again; the
/// service's delivery loop sends them on its next pass.
/// </summary>
public static class OutboxRequeueCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var service = OutboxCommand.Service(required: true);
        var batches = new Option<Guid[]>("--batch")
        {
            Description = "The outbox id of a dead batch (repeat for several)",
            HelpName = "ID",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
        };
        var all = new Option<bool>("--all") { Description = "Requeue every batch that is dead now" };
        var command = new Command("requeue", "Make dead outbox batches deliverable again: attempts reset, due now (one UPDATE)")
        {
            service, batches, all,
        };
        command.Validators.Add(result =>
        {
            var byId = result.GetResult(batches) is { Implicit: false };
            var every = result.GetResult(all) is { Implicit: false } && result.GetValue(all);
            if (byId == every)
                result.AddError("give either --batch ID (one or more) or --all");
        });
        command.SetAction(globals, context => RunAsync(context, OutboxService.Named(context.Value(service)!), context.Value(batches) ?? []));
        return command;
    }

    static async Task<int> RunAsync(CliContext context, OutboxService service, Guid[] outboxIds)
    {
        var settings = context.SettingsFor(service.DatabaseSection, service.DefaultSqliteFile);
        await using var database = await SagaDatabase.OpenAsync(settings.Database, service.DatabaseSection, writable: true, context.CancellationToken);
        var requeued = await new OutboxQueries(database).RequeueAsync(outboxIds, context.CancellationToken);
        var notDead = outboxIds.Except(requeued).ToList();
        await context.WriteAsync(new { service = service.Name, requeued = requeued.Count, outboxIds = requeued, notDead }, output =>
        {
            output.WriteLine($"requeued {requeued.Count} dead outbox batch(es) of {service.Name}");
            foreach (var id in requeued)
                output.WriteLine($"  {id}");
            foreach (var id in notDead)
                output.WriteLine($"not a dead batch of {service.Name}: {id}");
        });
        // Nothing to requeue, or an id that is not a dead batch (a typo, another service's batch): say so in the exit code.
        return requeued.Count == 0 || notDead.Count > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }
}
