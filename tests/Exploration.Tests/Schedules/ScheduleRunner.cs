using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Exploration.Tests.Harness;
using Saga.Persistence.Scheduling;
using Saga.SagaOrchestrator.StateMachines;

namespace Saga.Exploration.Tests.Schedules;

/// <summary>Plays a schedule for a new order on the host, then lets the order settle; returns the order's id and a log of what was done.</summary>
public sealed class ScheduleRunner(ExplorationHost host)
{
    /// <summary>How many settling moves an order may need before it counts as stuck: generous, every move is one delivery or one deadline.</summary>
    const int MaxSettlingMoves = 80;

    public const decimal Price = 10.00m;
    public const int Quantity = 2;

    public async Task<(Guid OrderId, IReadOnlyList<string> Log)> Run(Schedule schedule)
    {
        var orderId = Guid.NewGuid();
        var log = new List<string>();
        var mailbox = host.Relay.For(orderId);
        var names = Names.Of(orderId);

        await host.Seed(names.Customer, schedule.Data.Funded ? 1_000m : Price, names.Sku, schedule.Data.Stocked ? 10 : 1);
        await host.ToSaga(new SubmitOrder(orderId, names.Customer, [new OrderItem(names.Sku, Quantity, Price)], "EUR",
            new ShippingAddress("Explorer Way 1", "Testville", "12345", schedule.Data.Served ? "DE" : "BR")));

        foreach (var step in schedule.Steps)
            log.Add(await Play(orderId, mailbox, step));

        log.Add("-- settling");
        for (var move = 0; ; move++)
        {
            if (move == MaxSettlingMoves)
                throw new InvalidOperationException($"order {orderId} did not settle in {MaxSettlingMoves} moves:\n{string.Join("\n", log)}");
            var settled = await Settle(orderId, mailbox, log);
            if (settled)
                break;
        }

        return (orderId, log);
    }

    async Task<string> Play(Guid orderId, OrderMailbox mailbox, Step step)
    {
        var held = mailbox.Held;
        switch (step.Kind)
        {
            case StepKind.Deliver or StepKind.DeliverTwice or StepKind.DeliverCopy when held.Count > 0:
            {
                var message = held[step.Pick % held.Count];
                if (step.Kind != StepKind.DeliverCopy)
                    mailbox.Release(message);
                await Deliver(message);
                if (step.Kind == StepKind.DeliverTwice)
                    await Deliver(message);
                return $"{step.Kind} {message}";
            }
            case StepKind.Fault:
            {
                var commands = held.Where(m => !m.ToSaga).ToList();
                if (commands.Count == 0)
                    return $"{step.Kind}: no command held";
                var command = commands[step.Pick % commands.Count];
                mailbox.DeadLetter(command);
                await host.ToSaga(ExplorationHost.FaultOf(command.Message));
                return $"{step.Kind} {command}";
            }
            case StepKind.Redeliver:
            {
                var dead = mailbox.DeadLettered;
                if (dead.Count == 0)
                    return $"{step.Kind}: nothing faulted";
                var command = dead[step.Pick % dead.Count];
                mailbox.Revive(command);
                await host.ToParticipant(command);
                return $"{step.Kind} {command.GetType().Name}";
            }
            case StepKind.PassStepDeadline:
                return await PassStepDeadline(orderId) ?? $"{step.Kind}: no step deadline pending";
            case StepKind.PassCompensationDeadline:
                return await PassCompensationDeadline(orderId) ?? $"{step.Kind}: no compensation deadline pending";
            case StepKind.PassDeadlineHeldUp:
                return await PassStepDeadline(orderId, heldUp: true) ?? await PassCompensationDeadline(orderId, heldUp: true) ?? $"{step.Kind}: no deadline pending";
            case StepKind.Cancel:
                await host.ToSaga(new CancelOrder(orderId, "changed my mind"));
                return $"{step.Kind}";
            case StepKind.RetryCompensation:
                await host.ToSaga(new RetryCompensation(orderId, "exploration operator"));
                return $"{step.Kind}";
            default:
                return $"{step.Kind}: nothing held";
        }
    }

    /// <summary>One move towards a settled order: the oldest held message, else a passed deadline, else an operator's retry. True once the order is Completed or Compensated with nothing held.</summary>
    async Task<bool> Settle(Guid orderId, OrderMailbox mailbox, List<string> log)
    {
        var held = mailbox.Held;
        if (held.Count > 0)
        {
            mailbox.Release(held[0]);
            await Deliver(held[0]);
            log.Add($"Deliver {held[0]}");
            return false;
        }

        var order = await host.Order(orderId) ?? throw new InvalidOperationException($"order {orderId} has no saga");
        switch (order.CurrentState)
        {
            case "Completed" or "Compensated":
                return true;
            case "CompensationFailed":
                await host.ToSaga(new RetryCompensation(orderId, "exploration operator"));
                log.Add("RetryCompensation");
                return false;
            case "Compensating":
                log.Add(await PassCompensationDeadline(orderId)
                    ?? throw new InvalidOperationException($"order {orderId} is Compensating with nothing held and no compensation deadline:\n{string.Join("\n", log)}"));
                return false;
            default:
                log.Add(await PassStepDeadline(orderId)
                    ?? throw new InvalidOperationException($"order {orderId} is {order.CurrentState} with nothing held and no deadline:\n{string.Join("\n", log)}"));
                return false;
        }
    }

    Task Deliver(HeldMessage message) => message.ToSaga ? host.ToSaga(message.Message) : host.ToParticipant(message.Message);

    /// <summary>
    /// Delivers the reminder of the step deadline the saga holds, with its token and due time, as the durable scheduler
    /// sends it once the deadline passed.
    /// </summary>
    /// <param name="heldUp">The reminder arrives an hour after it was due, as if the orchestrator had been down.</param>
    async Task<string?> PassStepDeadline(Guid orderId, bool heldUp = false)
    {
        var order = await host.Order(orderId);
        var step = order is null ? null : OrderSteps.All.FirstOrDefault(x => x.DeadlineToken.Get(order) is not null);
        if (step?.DeadlineToken.Get(order!) is not { } token)
            return null;
        var dueAt = heldUp ? HeldUpSince : await DueAt(token);
        var reminder = step.TimedOut(orderId, dueAt);
        await host.ToSaga(reminder, token);
        return $"{(heldUp ? "PassDeadlineHeldUp" : "PassStepDeadline")} {reminder.GetType().Name}";
    }

    async Task<string?> PassCompensationDeadline(Guid orderId, bool heldUp = false)
    {
        var order = await host.Order(orderId);
        if (order?.CompensationDeadlineTokenId is not { } token)
            return null;
        await host.ToSaga(new CompensationStepTimedOut(orderId, heldUp ? HeldUpSince : await DueAt(token)), token);
        return $"{(heldUp ? "PassDeadlineHeldUp" : "PassCompensationDeadline")} (attempt {order.CompensationAttempts})";
    }

    static DateTime HeldUpSince => DateTime.UtcNow - TimeSpan.FromHours(1);

    /// <summary>When the scheduler holds the reminder due: it is delivered on time, neither early nor held up.</summary>
    Task<DateTime?> DueAt(Guid token) =>
        host.QuerySaga(db => db.Set<ScheduledMessage>().AsNoTracking().Where(m => m.TokenId == token).Select(m => (DateTime?)m.DueAt).SingleOrDefaultAsync());
}
