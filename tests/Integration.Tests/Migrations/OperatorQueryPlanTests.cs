using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Saga.Integration.Tests.Views;
using Saga.Persistence.Dialects;
using Saga.Settings.Database;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Migrations;

/// <summary>
/// The queries an operator runs against a large <c>order_sagas</c> table (see docs/inspecting-sagas.md) are index scans
/// on PostgreSQL once the migrations are applied: checked with <c>EXPLAIN (ANALYZE, FORMAT JSON)</c> on 20,000 sagas with
/// fresh statistics. The index finds the rows (no scan discards more than it returns), and the queries for a state's
/// newest rows need no sort either, so they stop after their 50 rows however many the state has.
/// </summary>
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class OperatorQueryPlanTests
{
    const int Sagas = 20_000;

    // A saga's transitions, found by a correlation id that the setup reads back.
    const string SagaId = "{saga}";

    PostgreSqlTestCluster? _postgres;
    string _connectionString = "";
    string _sagaId = "";

    static CancellationToken Cancellation => TestContext.CurrentContext.CancellationToken;

    [OneTimeSetUp]
    public async Task MigrateAndFill()
    {
        _postgres = await PostgreSqlTestCluster.StartAsync();
        _connectionString = await _postgres.CreateDatabaseAsync();
        var orchestrator = ProviderContext.All().Single(c => c is { Name: "orchestrator", Provider: DatabaseProvider.PostgreSql });
        await using (var db = orchestrator.Connect(new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = _connectionString }))
            await db.Database.MigrateAsync();

        // Mostly finished sagas, a few in flight, one every 30 s over a week: the shape of a busy installation, not uniform noise.
        // Committed synchronously: VACUUM marks no page all-visible while its inserts' commit is not yet flushed (the
        // cluster commits asynchronously), and without that the planner prices index-only scans too high.
        await Execute($$"""
            SET synchronous_commit = on;
            INSERT INTO order_sagas (correlation_id, order_id, current_state, customer_id, amount, currency, ship_to_line1, ship_to_city,
                                     ship_to_postal_code, ship_to_country, payment_refunded, inventory_released, shipment_cancelled,
                                     items, created_at, updated_at, completed_at, compensated_at, failure_reason, version)
            SELECT id, id, state, 'CUST-' || (1000 + i % 500), 124.80, 'EUR', 'Hauptstrasse 1', 'Berlin', '10115', 'DE', false, false, false,
                   '[{"sku":"SKU-KB-001","quantity":2,"unitPrice":49.90},{"sku":"SKU-MS-002","quantity":1,"unitPrice":25.00}]',
                   created, created + interval '2 seconds', CASE WHEN state = 'Completed' THEN created + interval '2 seconds' END,
                   CASE WHEN state = 'Compensated' THEN created + interval '2 seconds' END,
                   CASE WHEN state IN ('Compensated', 'CompensationFailed')
                        THEN (ARRAY['payment declined: insufficient credit', 'inventory not reserved: SKU-KB-001 short', 'timeout'])[1 + i % 3] END, 4
            FROM (SELECT i, gen_random_uuid() AS id, now() - i * interval '30 seconds' AS created,
                         CASE WHEN i % 100 = 0 THEN 'AwaitingPayment' WHEN i % 100 = 1 THEN 'AwaitingInventory'
                              WHEN i % 100 = 2 THEN 'AwaitingShipment' WHEN i % 100 = 3 THEN 'Compensating'
                              WHEN i % 100 < 12 THEN 'Compensated' WHEN i % 100 = 12 THEN 'Rejected'
                              WHEN i % 100 = 13 THEN 'CompensationFailed' ELSE 'Completed' END AS state
                  FROM generate_series(1, {{Sagas}}) AS i) AS sagas;
            INSERT INTO saga_transitions (correlation_id, saga_type, from_state, to_state, event, occurred_at)
            SELECT correlation_id, 'OrderState', 'Initial', current_state, 'Step' || step, created_at + step * interval '100 milliseconds'
            FROM order_sagas CROSS JOIN generate_series(1, 4) AS step;
            """);
        await Execute("VACUUM ANALYZE order_sagas, saga_transitions");
        _sagaId = await Scalar("SELECT correlation_id::text FROM order_sagas WHERE current_state = 'Completed' LIMIT 1");
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }

    static IEnumerable<TestCaseData> OperatorQueries()
    {
        const string inFlight = "('AwaitingPayment', 'AwaitingInventory', 'AwaitingShipment', 'Compensating')";
        yield return Query("a saga by order id", "order_sagas", $"SELECT * FROM order_sagas WHERE correlation_id = '{SagaId}'");
        yield return Query("a state's sagas, last updated first", "order_sagas",
            "SELECT * FROM order_sagas WHERE current_state = 'AwaitingInventory' ORDER BY updated_at DESC LIMIT 50", sorted: true);
        yield return Query("a state's sagas, last created first", "order_sagas",
            "SELECT * FROM order_sagas WHERE current_state = 'AwaitingInventory' ORDER BY created_at DESC LIMIT 50", sorted: true);
        yield return Query("the commonest state's sagas, last created first", "order_sagas",
            "SELECT * FROM order_sagas WHERE current_state = 'Completed' ORDER BY created_at DESC LIMIT 50", sorted: true);
        yield return Query("stuck sagas", "order_sagas",
            $"SELECT correlation_id, current_state, updated_at FROM order_sagas WHERE current_state IN {inFlight} AND updated_at < now() - interval '5 minutes'");
        yield return Query("sagas per state", "order_sagas", "SELECT current_state, count(*) FROM order_sagas GROUP BY current_state");
        yield return Query("completions per minute over the last hour", "order_sagas",
            "SELECT date_trunc('minute', completed_at) AS minute, count(*) FROM order_sagas WHERE completed_at >= now() - interval '1 hour' GROUP BY 1 ORDER BY 1");
        yield return Query("a saga's transitions in time order", "saga_transitions",
            $"SELECT occurred_at, from_state, to_state, event FROM saga_transitions WHERE correlation_id = '{SagaId}' ORDER BY occurred_at, id");

        // The same questions through the operator views, exactly as docs/inspecting-sagas.md writes them for PostgreSQL:
        // the views add no cost.
        var documented = DocumentedOperatorQueries.For("PostgreSQL");
        string[] names = ["a saga by order id", "a saga's history", "a state's sagas, last updated first", "stuck sagas", "failures by kind and reason", "completions per minute"];
        Assert.That(documented, Has.Count.EqualTo(names.Length), "docs/inspecting-sagas.md's PostgreSQL operator queries");
        for (var i = 0; i < documented.Count; i++)
        {
            var sql = Regex.Replace(documented[i], DocumentedOperatorQueries.ExampleOrderId, SagaId, RegexOptions.IgnoreCase);
            yield return Query($"documented, through the views: {names[i]}", documented[i].Contains("saga_history", StringComparison.Ordinal) ? "saga_transitions" : "order_sagas",
                sql, sorted: sql.Contains("LIMIT", StringComparison.Ordinal));
        }
    }

    static TestCaseData Query(string name, string table, string sql, bool sorted = false) =>
        new TestCaseData(table, sql, sorted).SetArgDisplayNames(name);

    [TestCaseSource(nameof(OperatorQueries))]
    public async Task Each_operator_query_reads_its_table_through_an_index(string table, string sql, bool sorted)
    {
        var plan = JsonDocument.Parse(await Scalar($"EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) {sql.Replace(SagaId, _sagaId, StringComparison.Ordinal)}"));
        var nodes = Nodes(plan.RootElement[0].GetProperty("Plan")).ToList();
        var scans = nodes.Where(n => n.TryGetProperty("Relation Name", out var relation) && relation.GetString() == table).ToList();
        var onTable = scans.Select(n => n.GetProperty("Node Type").GetString()).ToList();
        var description = plan.RootElement.ToString();

        Assert.Multiple(() =>
        {
            Assert.That(onTable, Is.Not.Empty.And.All.AnyOf("Index Scan", "Index Only Scan", "Bitmap Heap Scan"), description);
            Assert.That(nodes.Select(n => n.GetProperty("Node Type").GetString()), Has.None.EqualTo("Seq Scan"), description);
            Assert.That(scans.Where(ReadsMostlyInVain), Is.Empty, $"the index finds the rows, rather than a filter among many: {description}");
            if (sorted)
                Assert.That(nodes.Select(n => n.GetProperty("Node Type").GetString()), Has.None.EqualTo("Sort"), $"the index gives the order: {description}");
        });
    }

    // A scan that throws away more rows than it returns (beyond a page's worth) walks an index that does not fit the query:
    // a state's newest sagas found through created_at alone, say, which for a rare state means most of the table.
    static bool ReadsMostlyInVain(JsonElement scan) =>
        scan.TryGetProperty("Rows Removed by Filter", out var removed) &&
        removed.GetDouble() > Math.Max(50, scan.GetProperty("Actual Rows").GetDouble());

    static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
                yield return child;
        }
    }

    async Task Execute(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Cancellation);
    }

    async Task<string> Scalar(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string)(await command.ExecuteScalarAsync(Cancellation))!;
    }
}
