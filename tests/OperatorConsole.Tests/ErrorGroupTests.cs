using Saga.Operations.ErrorQueues;
using Saga.OperatorConsole.Errors;

namespace Saga.OperatorConsole.Tests;

public sealed class ErrorGroupTests
{
    static FaultedMessage Fault(string queue, string id, string? type, string? message, int minute) =>
        new(queue, queue.Replace("_error", "", StringComparison.Ordinal), id, "urn:message:Saga.Contracts:SubmitOrder",
            new DateTimeOffset(2026, 12, 7, 10, minute, 0, TimeSpan.Zero), type, message, null, null, 10);

    [Test]
    public void Messages_are_grouped_by_queue_exception_type_and_message_the_largest_group_first()
    {
        var orders = new ErrorQueueSummary("order-saga_error", true, 4,
        [
            Fault("order-saga_error", "a", "System.Text.Json.JsonException", "bad json", 3),
            Fault("order-saga_error", "b", "System.InvalidOperationException", "boom", 1),
            Fault("order-saga_error", "c", "System.Text.Json.JsonException", "bad json", 2),
            Fault("order-saga_error", "d", "System.Text.Json.JsonException", "other json", 4),
        ]);
        var payment = new ErrorQueueSummary("payment_error", true, 1, [Fault("payment_error", "e", "System.Text.Json.JsonException", "bad json", 5)]);

        var groups = ErrorGroup.Of([orders, payment]);

        Assert.Multiple(() =>
        {
            Assert.That(groups, Has.Count.EqualTo(4));
            Assert.That(groups[0].Queue, Is.EqualTo("order-saga_error"));
            Assert.That(groups[0].ExceptionMessage, Is.EqualTo("bad json"));
            Assert.That(groups[0].Messages.Select(m => m.MessageId), Is.EqualTo(new[] { "c", "a" }), "oldest failure first");
            Assert.That(groups.Single(g => g.Queue == "payment_error").Messages.Select(m => m.MessageId), Is.EqualTo(new[] { "e" }),
                "the same exception in another queue is another group");
            Assert.That(groups.Select(g => g.Key).Distinct().Count(), Is.EqualTo(4), "each group has its own key");
        });
    }

    [Test]
    public void A_group_key_is_stable_and_short()
    {
        var key = ErrorGroup.KeyOf("order-saga_error", "System.Text.Json.JsonException", "bad json");
        Assert.Multiple(() =>
        {
            Assert.That(key, Is.EqualTo(ErrorGroup.KeyOf("order-saga_error", "System.Text.Json.JsonException", "bad json")));
            Assert.That(key, Has.Length.EqualTo(16).And.Match("^[0-9a-f]+$"));
            Assert.That(key, Is.Not.EqualTo(ErrorGroup.KeyOf("order-saga_error", "System.Text.Json.JsonException", "bad json!")));
        });
    }

    [Test]
    public void A_message_without_fault_headers_is_grouped_as_unknown()
    {
        var groups = ErrorGroup.Of([new ErrorQueueSummary("shipping_error", true, 1, [Fault("shipping_error", "x", null, null, 1)])]);
        Assert.That(groups.Single().ExceptionType, Is.EqualTo("(unknown)"));
    }
}
