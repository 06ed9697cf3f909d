using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace Saga.Benchmarks.Sagas;

/// <summary>
/// Times the queries an operator runs against the orchestrator's tables (docs/inspecting-sagas.md), each several
/// times after one unmeasured run, and records the node types of its plan (Index Scan, Seq Scan, …).
/// </summary>
public static class OperatorQueries
{
    const int Runs = 7;

    public static async Task<IReadOnlyList<QueryTiming>> TimeAsync(string orchestratorDatabase, Guid someOrderId, CancellationToken cancellationToken)
    {
        (string Name, string Sql)[] queries =
        [
            ("saga by order id", "SELECT * FROM order_sagas WHERE correlation_id = $1"),
            ("one order's transitions", "SELECT occurred_at, from_state, to_state, event FROM saga_transitions WHERE correlation_id = $1 ORDER BY id"),
            ("50 newest Compensated", "SELECT correlation_id, current_state, failure_reason, updated_at FROM order_sagas " +
                                      "WHERE current_state = 'Compensated' ORDER BY updated_at DESC LIMIT 50"),
            ("stuck > 5 min", "SELECT correlation_id, current_state, updated_at FROM order_sagas " +
                              "WHERE current_state IN ('AwaitingPayment','AwaitingFraudCheck','AwaitingInventory','AwaitingShipment','Compensating') " +
                              "AND updated_at < now() - interval '5 minutes'"),
            ("count per state", "SELECT current_state, count(*) FROM order_sagas GROUP BY current_state"),
            ("completions per minute, last hour", "SELECT date_trunc('minute', completed_at) AS minute, count(*) FROM order_sagas " +
                                                  "WHERE completed_at >= now() - interval '1 hour' GROUP BY 1 ORDER BY 1"),
        ];

        await using var connection = new NpgsqlConnection(orchestratorDatabase);
        await connection.OpenAsync(cancellationToken);
        var timings = new List<QueryTiming>();
        foreach (var (name, sql) in queries)
        {
            var parameters = sql.Contains("$1", StringComparison.Ordinal) ? new object[] { someOrderId } : [];
            var times = new List<double>();
            for (var run = 0; run <= Runs; run++)
            {
                var start = Stopwatch.GetTimestamp();
                await using (var command = Command(connection, sql, parameters))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                    }
                }

                if (run > 0)
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }

            string plan;
            await using (var explain = Command(connection, "EXPLAIN (FORMAT JSON) " + sql, parameters))
                plan = (string)(await explain.ExecuteScalarAsync(cancellationToken))!;
            await using (var explainText = Command(connection, "EXPLAIN " + sql, parameters))
            await using (var reader = await explainText.ExecuteReaderAsync(cancellationToken))
            {
                var lines = new List<string>();
                while (await reader.ReadAsync(cancellationToken))
                    lines.Add(reader.GetString(0));
                var sorted = times.Order().ToArray();
                timings.Add(new QueryTiming(name, sql, Runs, sorted[sorted.Length / 2], sorted[^1], ScanNodes(plan), string.Join('\n', lines)));
            }
        }

        return timings;
    }

    static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }

    /// <summary>The plan's node types that read a table or an index, outermost first, with the relation or index they read.</summary>
    static List<string> ScanNodes(string jsonPlan)
    {
        using var document = JsonDocument.Parse(jsonPlan);
        var nodes = new List<string>();
        Visit(document.RootElement[0].GetProperty("Plan"), nodes);
        return nodes;
    }

    static void Visit(JsonElement node, List<string> nodes)
    {
        var type = node.GetProperty("Node Type").GetString()!;
        if (type.Contains("Scan", StringComparison.Ordinal))
        {
            var on = node.TryGetProperty("Index Name", out var index) ? index.GetString()
                : node.TryGetProperty("Relation Name", out var relation) ? relation.GetString() : null;
            nodes.Add(on is null ? type : $"{type} on {on}");
        }

        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
                Visit(child, nodes);
        }
    }
}
