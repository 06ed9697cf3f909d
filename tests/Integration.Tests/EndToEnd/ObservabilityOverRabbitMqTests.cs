using System.Diagnostics;
using System.Text.Json;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Persistence.Telemetry;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// Traces and logs of the real services over RabbitMQ and PostgreSQL: one trace per order across the orchestrator and
/// the participants (in this process, and as an OS process exporting to its console), JSON log lines with the order id
/// in their scope, and no password in anything a service writes.
/// </summary>
[NonParallelizable]
public sealed class ObservabilityOverRabbitMqTests
{
    const string OtlpSecret = "otlp-secret-5d1f0c";

    [Test]
    public async Task Every_span_of_an_order_and_its_compensation_shares_one_trace_and_another_order_has_its_own()
    {
        using var spans = SagaSpans.Record();
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        var refunded = TestOrders.ShortOfStock();
        var completed = TestOrders.Valid();

        await system.Submit(refunded);
        await system.Submit(completed);
        Assert.That((await system.WaitForOutcome(refunded.OrderId)).CurrentState, Is.EqualTo("Compensated"));
        Assert.That((await system.WaitForOutcome(completed.OrderId)).CurrentState, Is.EqualTo("Completed"));
        // A participant's consume span ends once its reply was confirmed, which can be after the saga moved on.
        await Poll.UntilAsync(() => Task.FromResult(spans.OfOrder(refunded.OrderId).Any(x => Consumes(x, "RefundPayment"))
                                                     && spans.OfOrder(completed.OrderId).Any(x => Consumes(x, "ScheduleShipment"))),
            "the participants' last consume spans were recorded");

        var ofRefunded = spans.OfOrder(refunded.OrderId);
        var ofCompleted = spans.OfOrder(completed.OrderId);
        var trace = ofRefunded[0].TraceId;
        Assert.Multiple(() =>
        {
            Assert.That(ofRefunded.Select(x => x.TraceId), Is.All.EqualTo(trace), "every span about the compensated order is in one trace");
            foreach (var message in new[] { "SubmitOrder", "ProcessPayment", "PaymentProcessed", "CheckFraud", "FraudCheckPassed", "ReserveInventory", "InventoryReservationFailed", "RefundPayment", "PaymentRefunded" })
                Assert.That(ofRefunded.Any(x => Consumes(x, message)), Is.True, $"no consume span of {message} tagged with the order");
            Assert.That(ofRefunded.Count(x => x.Source.Name == SagaDiagnostics.Name), Is.EqualTo(5),
                "AwaitingPayment, AwaitingFraudCheck, AwaitingInventory, Compensating, Compensated");
            Assert.That(ofCompleted.Select(x => x.TraceId).Distinct().ToList(), Has.Count.EqualTo(1), "the completed order has one trace");
            Assert.That(ofCompleted[0].TraceId, Is.Not.EqualTo(trace), "each order has a trace of its own");
            Assert.That(ofCompleted.Any(x => Consumes(x, "ScheduleShipment")), Is.True);
        });
    }

    [Test]
    public async Task A_participants_process_writes_json_logs_with_the_order_id_and_its_spans_join_the_orders_trace_and_no_password()
    {
        using var spans = SagaSpans.Record();
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            ParticipantsOverrides = new Dictionary<string, string?>
            {
                ["Logging:Console:FormatterName"] = "json",
                ["Logging:LogLevel:MassTransit"] = "Debug",
                ["Telemetry:Traces:Exporters:0"] = "Console",
                ["Telemetry:Metrics:Exporters:0"] = "Otlp",
                ["Telemetry:Otlp:Endpoint"] = "http://127.0.0.1:9",
                ["Telemetry:Otlp:Protocol"] = "HttpProtobuf",
                ["Telemetry:Otlp:Headers"] = $"api-key={OtlpSecret}",
            },
        };
        await using var system = await SagaSystem.StartAsync(settings, withParticipants: false);
        await system.StartParticipantsAsync(asProcess: true);
        var order = TestOrders.Valid();

        await system.Submit(order);
        Assert.That((await system.WaitForOutcome(order.OrderId)).CurrentState, Is.EqualTo("Completed"));
        await Poll.UntilAsync(() => Task.FromResult(ConsoleSpans.Parse(system.ParticipantsProcessOutput)
                .Count(x => x.OrderId == order.OrderId.ToString("D")) >= 3),
            "the participants exported the consume spans of the order's three commands");

        var output = system.ParticipantsProcessOutput;
        var trace = spans.OfOrder(order.OrderId).Select(x => x.TraceId.ToHexString()).Distinct().ToList();
        var exported = ConsoleSpans.Parse(output).Where(x => x.OrderId == order.OrderId.ToString("D")).ToList();
        var json = output.Split('\n').Select(x => x.Trim()).Where(x => x.StartsWith('{')).ToList();
        var scoped = json.Where(line => OrderIdsInScopes(line).Contains(order.OrderId.ToString("D"))).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(trace, Has.Count.EqualTo(1), "the orchestrator's spans of the order are one trace");
            Assert.That(exported.Select(x => x.TraceId), Is.All.EqualTo(trace[0]), "the participants' spans continue the order's trace");
            Assert.That(json, Is.Not.Empty, "the service logs JSON lines");
            Assert.That(scoped, Is.Not.Empty, "a log line written while consuming the order's commands carries OrderId in its scopes");
            Assert.That(output, Does.Contain("Telemetry: traces to Console, metrics to Otlp"));
            Assert.That(output, Does.Not.Contain(Servers.Rabbit.Password), "the RabbitMQ password");
            Assert.That(output, Does.Not.Contain(Servers.Postgres.Password), "the PostgreSQL password");
            Assert.That(output, Does.Not.Contain(OtlpSecret), "the OTLP headers");
        });
    }

    static bool Consumes(Activity span, string message) =>
        span.Kind == ActivityKind.Consumer && (span.GetTagItem("messaging.masstransit.message_types") as string ?? "").EndsWith(":" + message, StringComparison.Ordinal);

    /// <summary>The <c>OrderId</c> values in a JSON log line's scopes; the line must be JSON.</summary>
    static List<string> OrderIdsInScopes(string line)
    {
        using var document = JsonDocument.Parse(line);
        if (!document.RootElement.TryGetProperty("Scopes", out var scopes))
            return [];
        return [.. scopes.EnumerateArray()
            .Where(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("OrderId", out _))
            .Select(x => x.GetProperty("OrderId").ToString())];
    }
}
