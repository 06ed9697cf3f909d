using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Configuration;

namespace Saga.Integration.Tests.EndToEnd;

/// <summary>
/// An operator fixes what made a compensation fail and retries it over RabbitMQ, as the CLI does: the request goes to the
/// orchestrator's queue, is accepted with the step compensated next, and the order ends Compensated.
/// </summary>
[NonParallelizable]
public sealed class CompensationRetryTests
{
    static readonly RequestTimeout Timeout = RequestTimeout.After(s: 45);

    [Test]
    public async Task A_failed_refund_retried_after_the_fix_ends_compensated()
    {
        await using var system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync(), withParticipants: false);
        await system.StartParticipantsAsync(only: ParticipantKind.Payment);
        var order = TestOrders.Valid();
        await system.Submit(order);
        var charged = await system.WaitForState(order.OrderId, "AwaitingInventory");

        // The payment's record no longer matches the saga's, so the refund faults (see CompensationFailureTests) ...
        await using (var payment = system.Payment())
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", Guid.NewGuid(), order.OrderId);
        // The cancellation first releases the reservation in flight, so inventory comes up; then the refund faults.
        await system.Cancel(order.OrderId, "changed my mind");
        await system.StartParticipantsAsync(only: ParticipantKind.Inventory);
        await system.WaitForState(order.OrderId, "CompensationFailed");

        // ... until an operator repairs it and retries.
        await using (var payment = system.Payment())
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", charged.PaymentId!.Value, order.OrderId);
        var response = await system.Client.CreateRequestClient<RetryCompensation>(SagaSystem.QueueExchange(QueueNames.Orders), Timeout)
            .GetResponse<CompensationRetryAccepted, CompensationRetryRefused>(new RetryCompensation(order.OrderId, "ops@example.com"));

        Assert.That(response.Is(out Response<CompensationRetryAccepted>? accepted), Is.True, "the retry must be accepted");
        Assert.That(accepted!.Message.Step, Is.EqualTo("Payment"));
        var saga = await system.WaitForState(order.OrderId, "Compensated");
        Assert.Multiple(() =>
        {
            Assert.That(saga.PaymentRefunded, Is.True);
            Assert.That(saga.CompensationError, Is.Null);
            Assert.That(saga.CompensationRetries, Is.EqualTo(1));
            Assert.That(saga.LastRetryBy, Is.EqualTo("ops@example.com"));
        });
    }
}
