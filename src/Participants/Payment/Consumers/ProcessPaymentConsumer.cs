using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Participants.Messaging;
using Saga.Participants.Payment.Data;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Payment.Consumers;

/// <summary>
/// Charges an order's amount against the customer's credit line, at most once per order.
/// The outcome is stored before it is published, so a repeated command is answered from the record.
/// </summary>
/// <remarks>
/// A repeat after the payment was refunded is answered <see cref="PaymentProcessed"/> again, with the same payment id and
/// nothing charged: the orchestrator knows that payment and its refund, so it does not take the reply for a new charge.
/// A payment whose order was refunded before it ran (a <see cref="PaymentStatus.Voided"/> record) is declined.
/// </remarks>
public sealed partial class ProcessPaymentConsumer : IConsumer<ProcessPayment>
{
    private readonly PaymentDbContext _db;
    private readonly ISqlDialect _dialect;
    private readonly TimeProvider _clock;
    private readonly ILogger<ProcessPaymentConsumer> _logger;

    public ProcessPaymentConsumer(PaymentDbContext db, DbContextDialect<PaymentDbContext> dialect, TimeProvider clock,
        ILogger<ProcessPaymentConsumer> logger)
    {
        ArgumentNullException.ThrowIfNull(dialect);

        _db = db;
        _dialect = dialect.Dialect;
        _clock = clock;
        _logger = logger;
    }

    public async Task Consume(ConsumeContext<ProcessPayment> context)
    {
        var command = context.Message;
        var cancellationToken = context.CancellationToken;

        // A malformed command is answered without storing anything: the answer depends on the command alone,
        // so a repeat gets the same one, and nothing that would overflow a column is written.
        var invalid = Validate(command);

        await using var transaction = await ParticipantTransaction.BeginAsync(_db, cancellationToken);

        // The usual case in one statement: a new order, charged. Anything else (a repeat, a void mark, an unknown customer,
        // another currency, too little credit) changes nothing there and is sorted out below, where each has its answer.
        var record = invalid is null && await _db.TryChargeNewOrderAsync(_dialect, command.OrderId, command.CustomerId, command.Currency, command.Amount, cancellationToken)
            ? Charged(command, command.CustomerId, command.Currency)
            : null;

        if (record is null)
        {
            var existing = await _db.PaymentRecords.AsNoTracking().SingleOrDefaultAsync(r => r.OrderId == command.OrderId, cancellationToken);
            if (existing is not null)
            {
                if (existing.Status == PaymentStatus.Voided)
                    LogRefusedAfterVoid(_logger, command.OrderId);

                await PublishOutcome(context, existing);
                return;
            }

            if (invalid is not null)
            {
                await context.Publish(new PaymentDeclined(command.OrderId, invalid));
                return;
            }

            record = await Decide(command, cancellationToken);
        }

        _db.PaymentRecords.Add(record);

        // The charge, its ledger entry and the record commit together. A refund or a duplicate of this order that stored its
        // record first makes this insert fail on the order's key: the attempt rolls back, charge included, and the retry
        // answers from that record.
        await _db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishOutcome(context, record);
    }

    /// <summary>The record of a charge that was made, with its ledger entry added to the context.</summary>
    private PaymentRecord Charged(ProcessPayment command, string customerId, string currency)
    {
        var now = _clock.GetUtcNow();
        _db.LedgerEntries.Add(new LedgerEntry(
            NewId.NextGuid(), customerId, command.OrderId, LedgerEntryKind.Charge, command.Amount, currency, now));
        return PaymentRecord.Processed(command.OrderId, NewId.NextGuid(), customerId, command.Amount, currency, now);
    }

    private async Task<PaymentRecord> Decide(ProcessPayment command, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var paymentId = NewId.NextGuid();

        PaymentRecord Declined(string reason) =>
            PaymentRecord.Declined(command.OrderId, paymentId, command.CustomerId, command.Amount, command.Currency, reason, now);

        var account = await FindAccount(command.CustomerId, cancellationToken);
        if (account is null)
            return Declined($"unknown customer {command.CustomerId}");

        if (!string.Equals(account.Currency, command.Currency, StringComparison.OrdinalIgnoreCase))
            return Declined($"currency {command.Currency} does not match the account currency {account.Currency}");

        // Decided by the database on the row as it is now, not on the balance read above.
        if (!await _db.CustomerAccounts.TryChargeAsync(account.CustomerId, command.Amount, cancellationToken))
        {
            var available = (await FindAccount(account.CustomerId, cancellationToken))?.AvailableCredit ?? 0m;
            return Declined(string.Create(
                CultureInfo.InvariantCulture,
                $"insufficient credit: {available:0.00} {account.Currency} available, {command.Amount:0.00} {account.Currency} requested"));
        }

        return Charged(command, account.CustomerId, account.Currency);
    }

    private Task<CustomerAccount?> FindAccount(string customerId, CancellationToken cancellationToken) =>
        _db.CustomerAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.CustomerId == customerId, cancellationToken);

    private static string? Validate(ProcessPayment command)
    {
        if (string.IsNullOrWhiteSpace(command.CustomerId) || command.CustomerId.Length > ParticipantLimits.CustomerIdMaxLength)
            return $"unknown customer {command.CustomerId}";

        if (command.Currency is not { Length: ParticipantLimits.CurrencyLength } || !command.Currency.All(char.IsAsciiLetter))
            return $"invalid currency code {command.Currency}";

        // A zero total (free items) is a valid order: it is recorded as a payment of nothing.
        if (command.Amount < 0)
            return string.Create(CultureInfo.InvariantCulture, $"amount must not be negative, was {command.Amount}");

        // Amounts are stored with two decimals; anything finer would be silently rounded by the database.
        if (decimal.Round(command.Amount, ParticipantLimits.AmountScale) != command.Amount)
            return string.Create(CultureInfo.InvariantCulture, $"amount {command.Amount} has more than two decimal places");

        if (command.Amount > ParticipantLimits.MaxAmount)
            return string.Create(CultureInfo.InvariantCulture, $"amount {command.Amount} exceeds the largest amount, {ParticipantLimits.MaxAmount}");

        return null;
    }

    private static Task PublishOutcome(ConsumeContext context, PaymentRecord record) =>
        record.Status switch
        {
            // A refunded payment was processed once; the saga decides what a late repeat means.
            PaymentStatus.Processed or PaymentStatus.Refunded =>
                context.Publish(new PaymentProcessed(record.OrderId, record.PaymentId, record.Amount, record.Currency!)),
            _ => context.Publish(new PaymentDeclined(record.OrderId, record.DeclineReason ?? "declined")),
        };

    [LoggerMessage(Level = LogLevel.Information, Message = "Payment of order {OrderId} declined: the order was refunded before the payment ran")]
    private static partial void LogRefusedAfterVoid(ILogger logger, Guid orderId);
}
