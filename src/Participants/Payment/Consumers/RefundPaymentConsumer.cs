using MassTransit;
using Saga.Contracts;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

/// <summary>
/// Gives an order's charge back to the customer's credit line. Safe to repeat and safe to send when nothing was
/// charged: compensation must always be able to complete.
/// </summary>
public sealed class RefundPaymentConsumer : IConsumer<RefundPayment>
{
    private readonly PaymentDbContext _db;
    private readonly TimeProvider _clock;

    public RefundPaymentConsumer(PaymentDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        var command = context.Message;

        var record = await _db.PaymentRecords.FindAsync([command.OrderId], context.CancellationToken);
        if (record is null || record.Status == PaymentStatus.Declined)
        {
            await context.Publish(new PaymentRefunded(command.OrderId, command.PaymentId, 0m));
            return;
        }

        if (command.PaymentId is not null && record.PaymentId != command.PaymentId)
        {
            throw new InvalidOperationException(
                $"Refund of order {command.OrderId} names payment {command.PaymentId}, but the order was paid by payment {record.PaymentId}.");
        }

        if (record.Status == PaymentStatus.Processed)
        {
            var account = await _db.CustomerAccounts.FindAsync([record.CustomerId], context.CancellationToken)
                ?? throw new InvalidOperationException(
                    $"Payment {record.PaymentId} of order {record.OrderId} was charged to customer {record.CustomerId}, whose account no longer exists.");

            var now = _clock.GetUtcNow();
            account.Refund(record.Amount);
            _db.LedgerEntries.Add(new LedgerEntry(
                NewId.NextGuid(), account.CustomerId, record.OrderId, LedgerEntryKind.Refund, record.Amount, record.Currency, now));
            record.MarkRefunded(now);

            // The account's version guards this too: of two concurrent refunds only one commits,
            // the other is retried, finds the payment refunded and just answers.
            await _db.SaveChangesAsync(context.CancellationToken);
        }

        await context.Publish(new PaymentRefunded(record.OrderId, record.PaymentId, record.Amount));
    }
}
