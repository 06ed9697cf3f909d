using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Saga.Contracts;
using Saga.Participants.Payment.Data;

namespace Saga.Participants.Payment.Consumers;

/// <summary>
/// Charges an order's amount against the customer's credit line, at most once per order.
/// The outcome is stored before it is published, so a repeated command is answered from the record.
/// </summary>
public sealed class ProcessPaymentConsumer : IConsumer<ProcessPayment>
{
    private readonly PaymentDbContext _db;
    private readonly TimeProvider _clock;

    public ProcessPaymentConsumer(PaymentDbContext db, TimeProvider clock)
    {
        _db = db;
        _clock = clock;
    }

    public async Task Consume(ConsumeContext<ProcessPayment> context)
    {
        var command = context.Message;

        var existing = await _db.PaymentRecords.FindAsync([command.OrderId], context.CancellationToken);
        if (existing is not null)
        {
            await PublishOutcome(context, existing);
            return;
        }

        // A malformed command is answered without storing anything: the answer depends on the command alone,
        // so a repeat gets the same one, and nothing that would overflow a column is written.
        var invalid = Validate(command);
        if (invalid is not null)
        {
            await context.Publish(new PaymentDeclined(command.OrderId, invalid));
            return;
        }

        var record = await Decide(command, context.CancellationToken);
        _db.PaymentRecords.Add(record);

        // The account update, the ledger entry and the record commit together; a concurrent charge for the
        // same customer or a duplicate of this command makes this throw, and the retry starts over on fresh data.
        await _db.SaveChangesAsync(context.CancellationToken);

        await PublishOutcome(context, record);
    }

    private async Task<PaymentRecord> Decide(ProcessPayment command, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var paymentId = NewId.NextGuid();

        PaymentRecord Declined(string reason) =>
            PaymentRecord.Declined(command.OrderId, paymentId, command.CustomerId, command.Amount, command.Currency, reason, now);

        var account = await _db.CustomerAccounts.FindAsync([command.CustomerId], cancellationToken);
        if (account is null)
            return Declined($"unknown customer {command.CustomerId}");

        var declineReason = CheckAccount(account, command);
        if (declineReason is not null)
            return Declined(declineReason);

        account.Charge(command.Amount);
        _db.LedgerEntries.Add(new LedgerEntry(
            NewId.NextGuid(), account.CustomerId, command.OrderId, LedgerEntryKind.Charge, command.Amount, account.Currency, now));

        return PaymentRecord.Processed(command.OrderId, paymentId, account.CustomerId, command.Amount, account.Currency, now);
    }

    private static string? CheckAccount(CustomerAccount account, ProcessPayment command)
    {
        if (!string.Equals(account.Currency, command.Currency, StringComparison.OrdinalIgnoreCase))
            return $"currency {command.Currency} does not match the account currency {account.Currency}";

        if (command.Amount > account.AvailableCredit)
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"insufficient credit: {account.AvailableCredit:0.00} {account.Currency} available, {command.Amount:0.00} {account.Currency} requested");
        }

        return null;
    }

    private static string? Validate(ProcessPayment command)
    {
        if (string.IsNullOrWhiteSpace(command.CustomerId) || command.CustomerId.Length > CustomerAccount.CustomerIdMaxLength)
            return $"unknown customer {command.CustomerId}";

        if (command.Currency is not { Length: CustomerAccount.CurrencyLength } || !command.Currency.All(char.IsAsciiLetter))
            return $"invalid currency code {command.Currency}";

        // A zero total (free items) is a valid order: it is recorded as a payment of nothing.
        if (command.Amount < 0)
            return string.Create(CultureInfo.InvariantCulture, $"amount must not be negative, was {command.Amount}");

        // Amounts are stored with two decimals; anything finer would be silently rounded by the database.
        if (decimal.Round(command.Amount, 2) != command.Amount)
            return string.Create(CultureInfo.InvariantCulture, $"amount {command.Amount} has more than two decimal places");

        return null;
    }

    private static Task PublishOutcome(ConsumeContext context, PaymentRecord record) =>
        record.Status switch
        {
            // A refunded payment was processed once; the saga decides what a late repeat means.
            PaymentStatus.Processed or PaymentStatus.Refunded =>
                context.Publish(new PaymentProcessed(record.OrderId, record.PaymentId, record.Amount, record.Currency)),
            _ => context.Publish(new PaymentDeclined(record.OrderId, record.DeclineReason ?? "declined")),
        };
}
