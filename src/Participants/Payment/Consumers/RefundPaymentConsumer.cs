using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

/// <summary>
/// Gives an order's charge back to the customer's credit line. Safe to repeat and safe to send when nothing was
/// charged: compensation must always be able to complete. When nothing was charged yet, it leaves a mark so that the
/// payment, should it still arrive, is declined.
/// </summary>
public sealed partial class RefundPaymentConsumer : IConsumer<RefundPayment>
{
    private readonly PaymentDbContext _db;
    private readonly TimeProvider _clock;
    private readonly ILogger<RefundPaymentConsumer> _logger;

    public RefundPaymentConsumer(PaymentDbContext db, TimeProvider clock, ILogger<RefundPaymentConsumer> logger)
    {
        _db = db;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<RefundPayment> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;
        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);

        var record = await _db.PaymentRecords.AsNoTracking().SingleOrDefaultAsync(r => r.OrderId == command.OrderId, cancellationToken);
        if (record is null)
        {
            // The payment never ran, or is still on its way (the orchestrator gave up waiting for it). The mark takes the
            // order's key: a payment racing this one fails its insert and is retried into a decline, or, if it stored its
            // record first, this insert fails and the retry refunds it.
            _db.PaymentRecords.Add(PaymentRecord.Voided(command.OrderId, NewId.NextGuid(), _clock.GetUtcNow()));
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            LogVoided(_logger, command.OrderId);

            await context.Publish(new PaymentRefunded(command.OrderId, command.PaymentId, 0m));
            return;
        }

        if (record.Status is PaymentStatus.Declined or PaymentStatus.Voided)
        {
            await context.Publish(new PaymentRefunded(command.OrderId, command.PaymentId, 0m));
            return;
        }

        if (command.PaymentId is not null && record.PaymentId != command.PaymentId)
        {
            throw new InvalidOperationException(
                $"Refund of order {command.OrderId} names payment {command.PaymentId}, but the order was paid by payment {record.PaymentId}.");
        }

        var now = _clock.GetUtcNow();

        // Of concurrent refunds of this payment only one marks it; the others find it refunded and just answer.
        if (await _db.PaymentRecords.TryMarkRefundedAsync(record.OrderId, now, cancellationToken))
        {
            await _db.CustomerAccounts.RefundAsync(record.CustomerId!, record.Amount, cancellationToken);
            _db.LedgerEntries.Add(new LedgerEntry(
                NewId.NextGuid(), record.CustomerId!, record.OrderId, LedgerEntryKind.Refund, record.Amount, record.Currency!, now));
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await context.Publish(new PaymentRefunded(record.OrderId, record.PaymentId, record.Amount));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Order {OrderId} refunded before any payment ran: marked, a later payment will be declined")]
    private static partial void LogVoided(ILogger logger, Guid orderId);
}
