using System.Text.Json;
using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Seeding;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// The <c>saga</c> tool against a running system (orchestrator and all participants on the private RabbitMQ and
/// PostgreSQL): submit, wait, status, and the orchestrator's answers to cancel and retry for a completed order.
/// </summary>
public sealed class CliOrderTests
{
    SagaSystem _system = null!;
    SagaCliRunner _cli = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        _cli = new SagaCliRunner(_system.Settings);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _cli.Dispose();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task Submit_with_wait_prints_the_id_and_the_completed_order_and_status_shows_its_timeline()
    {
        var submit = await _cli.RunAsync("submit", "--customer", ParticipantSeedData.WellFundedCustomerId, "--currency", "EUR",
            "--item", $"{ParticipantSeedData.WellStockedSku}:2:9.90", "--item", $"{ParticipantSeedData.WellStockedSku}:1:5",
            "--ship-to", "Friedrichstrasse 43", "Berlin", "10117", "DE", "--wait", "--timeout", "45s");

        Assert.That(submit.ExitCode, Is.EqualTo(ExitCodes.Ok), submit.ToString());
        var orderId = Guid.Parse(submit.Output.Split('\n')[0]);
        var saga = await _system.Find(orderId);
        Assert.Multiple(() =>
        {
            Assert.That(saga?.CurrentState, Is.EqualTo("Completed"), "the order went through the broker to the orchestrator");
            Assert.That(saga?.Amount, Is.EqualTo(24.80m));
            Assert.That(submit.Output, Does.Contain("state:").And.Contain("Completed"));
        });

        var status = await _cli.RunAsync("status", orderId.ToString());
        Assert.That(status.ExitCode, Is.EqualTo(ExitCodes.Ok), status.ToString());
        Assert.That(status.Output, Does.Contain("24.80 EUR").And.Contain(saga!.PaymentId.ToString()).And.Contain(saga.ShipmentId.ToString()), status.ToString());
        var timeline = status.Output[status.Output.IndexOf("timeline", StringComparison.Ordinal)..];
        Assert.That(timeline.IndexOf("AwaitingPayment", StringComparison.Ordinal), Is.LessThan(timeline.IndexOf("AwaitingShipment", StringComparison.Ordinal)));
        Assert.That(timeline, Does.Contain("Completed"));
    }

    [Test]
    public async Task Status_as_json_has_the_references_and_the_transitions_in_order()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        var saga = await _system.WaitForOutcome(order.OrderId);

        var status = await _cli.RunAsync("status", order.OrderId.ToString(), "--json");

        Assert.That(status.ExitCode, Is.EqualTo(ExitCodes.Ok), status.ToString());
        var json = status.Json();
        var transitions = json.GetProperty("timeline").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(json.GetProperty("order").GetProperty("state").GetString(), Is.EqualTo("Completed"));
            Assert.That(json.GetProperty("order").GetProperty("reservationId").GetGuid(), Is.EqualTo(saga.ReservationId));
            Assert.That(transitions.Select(t => t.GetProperty("toState").GetString()),
                Is.EqualTo(new[] { "AwaitingPayment", "AwaitingFraudCheck", "AwaitingInventory", "AwaitingShipment", "Completed" }));
            Assert.That(transitions.Select(t => t.GetProperty("transitionId").GetInt64()), Is.Ordered.Ascending);
            Assert.That(transitions[0].GetProperty("messageType").GetString(), Is.EqualTo("urn:message:Saga.Contracts:SubmitOrder"), "the submission caused the first");
            Assert.That(transitions.Select(t => t.GetProperty("messageId").ValueKind), Is.All.EqualTo(System.Text.Json.JsonValueKind.String));
            Assert.That(transitions.Select(t => t.GetProperty("definitionVersion").GetInt32()),
                Is.All.EqualTo(json.GetProperty("order").GetProperty("definitionVersion").GetInt32()));
        });
    }

    [Test]
    public async Task Submit_from_a_json_file_publishes_the_order_in_it()
    {
        var orderId = Guid.NewGuid();
        var file = Path.Combine(Path.GetTempPath(), $"order-{orderId:N}.json");
        // The envelope docs/messages.md documents for clients in other languages.
        await File.WriteAllTextAsync(file, $$"""
            { "messageId": "{{Guid.NewGuid()}}", "messageType": ["urn:message:Saga.Contracts:SubmitOrder"],
              "message": { "orderId": "{{orderId}}", "customerId": "{{ParticipantSeedData.WellFundedCustomerId}}", "currency": "EUR",
                "items": [ { "sku": "{{ParticipantSeedData.WellStockedSku}}", "quantity": 3, "unitPrice": 9.90 } ],
                "shippingAddress": { "line1": "Damrak 1", "city": "Amsterdam", "postalCode": "1012 LG", "country": "NL" } } }
            """);
        try
        {
            var submit = await _cli.RunAsync("submit", "--file", file, "--json");

            Assert.That(submit.ExitCode, Is.EqualTo(ExitCodes.Ok), submit.ToString());
            Assert.That(submit.Json().GetProperty("orderId").GetGuid(), Is.EqualTo(orderId));
            var saga = await _system.WaitForOutcome(orderId);
            Assert.That(saga.CurrentState, Is.EqualTo("Completed"));
            Assert.That(saga.ShipToCity, Is.EqualTo("Amsterdam"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Status_of_an_unknown_order_exits_1()
    {
        var status = await _cli.RunAsync("status", Guid.NewGuid().ToString());

        Assert.That(status.ExitCode, Is.EqualTo(ExitCodes.Failed), status.ToString());
        Assert.That(status.Error, Does.Contain("no order"));
    }

    [Test]
    public async Task Cancelling_a_completed_order_is_refused_with_the_orchestrators_reason()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForOutcome(order.OrderId);

        var cancel = await _cli.RunAsync("cancel", order.OrderId.ToString(), "--reason", "too late", "--json");

        Assert.That(cancel.ExitCode, Is.EqualTo(ExitCodes.Failed), cancel.ToString());
        var json = cancel.Json();
        Assert.That(json.GetProperty("outcome").GetString(), Is.EqualTo("refused"));
        Assert.That(json.GetProperty("reason").GetString(), Is.Not.Empty);
        Assert.That((await _system.Find(order.OrderId))!.CurrentState, Is.EqualTo("Completed"), "a refused cancel changes nothing");
    }

    [Test]
    public async Task Retrying_the_compensation_of_a_completed_order_is_refused()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForOutcome(order.OrderId);

        var retry = await _cli.RunAsync("retry", order.OrderId.ToString(), "--by", "test-operator");

        Assert.That(retry.ExitCode, Is.EqualTo(ExitCodes.Failed), retry.ToString());
        Assert.That(retry.Output, Does.StartWith("refused: "));
        Assert.That((await _system.Find(order.OrderId))!.CurrentState, Is.EqualTo("Completed"));
    }

    [Test]
    public async Task An_order_the_orchestrator_rejects_makes_submit_wait_exit_1_with_the_reasons()
    {
        var submit = await _cli.RunAsync("submit", "--customer", ParticipantSeedData.WellFundedCustomerId, "--currency", "EURO",
            "--item", $"{ParticipantSeedData.WellStockedSku}:1:1", "--ship-to", "a", "b", "c", "DE", "--wait", "--json");

        Assert.That(submit.ExitCode, Is.EqualTo(ExitCodes.Failed), submit.ToString());
        var json = submit.Json();
        Assert.That(json.GetProperty("state").GetString(), Is.EqualTo("Rejected"));
        Assert.That(json.GetProperty("order").GetProperty("failureReason").GetString(), Does.Contain("EURO"));
        Assert.That(json.GetProperty("timedOut").ValueKind, Is.EqualTo(JsonValueKind.False));
    }
}
