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

    [Test]
    public void Messages_that_differ_only_in_ids_and_numbers_are_one_group_shown_by_their_shape()
    {
        var payment = new ErrorQueueSummary("payment_error", true, 3,
        [
            Fault("payment_error", "a", "System.InvalidOperationException",
                "Refund of order 7a4c0d1e-0000-4000-8000-000000000001 names payment 2b4e0000-8c14-cc14-1193-08df53fd9b76, but 12.50 were paid", 1),
            Fault("payment_error", "b", "System.InvalidOperationException",
                "Refund of order 7a4c0d1e-0000-4000-8000-000000000002 names payment 2b4e0000-8c14-cc14-fa28-08df53fda37e, but 3 were paid", 2),
            Fault("payment_error", "c", "System.InvalidOperationException", "Refund refused by the bank", 3),
        ]);

        var groups = ErrorGroup.Of([payment]);

        Assert.Multiple(() =>
        {
            Assert.That(groups, Has.Count.EqualTo(2));
            Assert.That(groups[0].Messages.Select(m => m.MessageId), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(groups[0].ExceptionMessage, Is.EqualTo("Refund of order {id} names payment {id}, but {n} were paid"));
            Assert.That(groups[0].Messages[1].ExceptionMessage, Does.Contain("fa28-08df53fda37e"), "each message keeps its own text");
        });
    }

    [Test]
    public void Digits_inside_a_word_stay_in_the_shape()
    {
        Assert.That(ErrorGroup.ShapeOf("utf8 decoder failed at byte 17 of SubmitOrderV2"), Is.EqualTo("utf8 decoder failed at byte {n} of SubmitOrderV2"));
        Assert.That(ErrorGroup.ShapeOf("sku abc123def is 2 short"), Is.EqualTo("sku abc123def is {n} short"));
    }
}
