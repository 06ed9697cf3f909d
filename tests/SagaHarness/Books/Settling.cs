using System.Diagnostics;
using Npgsql;
using Saga.Contracts;
using Saga.SagaHarness.Database;
using Saga.SagaHarness.Services;
using Saga.TestInfrastructure;

namespace Saga.SagaHarness.Books;

/// <summary>
/// Waits (bounded) until the system has settled: every order's saga is in a terminal state, no service's outbox holds a
/// message or batch it has not delivered, no service queue holds a message, and nothing was consumed or stored while
/// the queues were looked at (equal inbox and outbox counts before and after). The result says what was still open.
/// </summary>
public static class Settling
{
    static readonly string[] ServiceQueues = [QueueNames.Orders, QueueNames.Payment, QueueNames.Inventory, QueueNames.Shipping];
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<CheckResult> WaitAsync(SagaSystem system, IReadOnlyCollection<Guid> orderIds, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var open = "nothing looked at yet";
        while (true)
        {
            try
            {
                var (before, why) = await LookAsync(system, orderIds, cancellationToken);
                if (why is null)
                {
                    var depths = await system.Broker.QueueDepthsAsync(system.VirtualHost);
                    var busy = ServiceQueues.Where(q => depths.GetValueOrDefault(q) > 0).Select(q => $"{q} {depths[q]}").ToList();
                    var (after, _) = await LookAsync(system, orderIds, cancellationToken);
                    if (busy.Count == 0 && before.SequenceEqual(after))
                    {
                        return new CheckResult("the system settled: every saga terminal, every outbox delivered, every service queue empty", true,
                            $"after {waited.Elapsed.TotalSeconds:0.0} s");
                    }

                    why = busy.Count > 0 ? $"messages waiting: {string.Join(", ", busy)}" : "messages still moving";
                }

                open = why;
            }
            catch (NpgsqlException e)
            {
                open = $"a database did not answer: {e.Message}";
            }
            catch (ProcessFailedException e)
            {
                open = $"the broker did not list its queues: {e.Message}";
            }

            if (waited.Elapsed >= timeout)
                return new CheckResult("the system settled: every saga terminal, every outbox delivered, every service queue empty", false,
                    $"not within {timeout.TotalSeconds:0} s; still {open}");
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Inbox and outbox counts per database, and what is still open (null when nothing is).</summary>
    static async Task<(List<long> Counts, string? Open)> LookAsync(SagaSystem system, IReadOnlyCollection<Guid> orderIds, CancellationToken cancellationToken)
    {
        var states = await Sql.QueryAsync(system.OrchestratorDatabase,
            "SELECT current_state, count(*) FROM order_sagas WHERE correlation_id = ANY($1) GROUP BY current_state",
            reader => (State: reader.GetString(0), Count: reader.GetInt64(1)), cancellationToken, [orderIds.ToArray()]);
        var missing = orderIds.Count - states.Sum(x => x.Count);
        var inFlight = states.Where(x => !BookChecks.IsTerminal(x.State)).Select(x => $"{x.Count} {x.State}").ToList();

        var counts = new List<long>();
        var undelivered = new List<string>();
        foreach (var (service, database) in system.Databases)
        {
            var row = (await Sql.QueryAsync(database,
                "SELECT (SELECT count(*) FROM inbox_messages), (SELECT count(*) FROM outbox_messages), " +
                "(SELECT count(*) FROM outbox_messages WHERE delivered_at IS NULL), (SELECT count(*) FROM outbox_batches)",
                reader => (Inbox: reader.GetInt64(0), Outbox: reader.GetInt64(1), Undelivered: reader.GetInt64(2), Batches: reader.GetInt64(3)),
                cancellationToken)).Single();
            counts.AddRange([row.Inbox, row.Outbox, row.Undelivered]);
            if (row.Undelivered > 0 || row.Batches > 0)
                undelivered.Add($"{service} outbox {row.Undelivered} messages in {row.Batches} batches");
        }

        var open = new List<string>();
        if (missing > 0)
            open.Add($"{missing} orders without a saga");
        if (inFlight.Count > 0)
            open.Add("sagas in flight: " + string.Join(", ", inFlight));
        open.AddRange(undelivered);
        return (counts, open.Count == 0 ? null : string.Join("; ", open));
    }
}
