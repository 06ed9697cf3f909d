using System.CommandLine;
using Saga.Operations.Outbox;

namespace Saga.Cli.Commands;

/// <summary><c>saga outbox</c>: the services' transactional outboxes — <c>dead</c> lists the dead batches, <c>requeue</c> revives them.</summary>
public static class OutboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("outbox", "The dead outbox batches of a service (its own database): list and requeue them");
        command.Add(OutboxDeadCommand.Create(globals));
        command.Add(OutboxRequeueCommand.Create(globals));
        return command;
    }

    /// <summary>
    /// <c>--service</c>: whose outbox, hence which database settings (<c>Orchestrator:Database</c> or
    /// <c>Participants:{Name}:Database</c>) the connection options override. An unknown name is a parse error, exit code 2.
    /// </summary>
    public static Option<string> Service(bool required)
    {
        var option = new Option<string>("--service")
        {
            Description = "Whose outbox: orchestrator (Orchestrator:Database) or payment, inventory, shipping " +
                          "(Participants:{Name}:Database); --provider, --connection-string and --schema then apply to that database",
            HelpName = "SERVICE",
            Required = required,
        };
        if (!required)
            option.DefaultValueFactory = _ => OutboxService.Orchestrator.Name;
        option.AcceptOnlyFromAmong([.. OutboxService.Names]);
        return option;
    }
}
