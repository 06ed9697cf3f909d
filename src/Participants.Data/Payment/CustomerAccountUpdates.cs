using Microsoft.EntityFrameworkCore;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Payment.Data;

/// <summary>
/// The changes to an account's balance, each one conditional UPDATE of the account's row. The database checks the credit
/// line while it holds the row, so concurrent charges of one customer queue on the row and each is decided on the balance
/// the previous one left, never on a stale read. Run them in the consumer's transaction: the row stays locked until the
/// ledger entry and the payment record written with the change commit.
/// </summary>
public static class CustomerAccountUpdates
{
    /// <summary>
    /// Adds <paramref name="amount"/> to the used credit if it fits in what is available; false if it does not (or there is
    /// no such account), and then nothing changed.
    /// </summary>
    public static async Task<bool> TryChargeAsync(this DbSet<CustomerAccount> accounts, string customerId, decimal amount,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);

        var charged = await accounts
            .Where(a => a.CustomerId == customerId && a.CreditLimit - a.Used >= amount)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Used, a => a.Used + amount), cancellationToken);
        return charged == 1;
    }

    /// <summary>
    /// The charge of an order that has no payment record yet, in one statement: adds <paramref name="amount"/> to the used
    /// credit if the account is in <paramref name="currency"/> (compared as the database compares the column), the amount fits
    /// in what is available and no record of <paramref name="orderId"/> exists. False if any of that fails, and then nothing
    /// changed: the caller reads the record and the account to learn why. A record inserted concurrently is not seen here;
    /// the caller's insert of its own record then fails on the order's key, as it did before.
    /// </summary>
    public static async Task<bool> TryChargeNewOrderAsync(this PaymentDbContext db, ISqlDialect dialect, Guid orderId, string customerId,
        string currency, decimal amount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dialect);

        // SQLite keeps decimals as text, which only EF Core's translation compares and adds as numbers; elsewhere the statement
        // is written once per model (PaymentStatements), as translating the LINQ form on every payment costs more CPU than running it.
        if (dialect.Provider == DatabaseProvider.Sqlite)
        {
            return await db.CustomerAccounts
                .Where(a => a.CustomerId == customerId
                    && a.Currency == currency
                    && a.CreditLimit - a.Used >= amount
                    && !db.PaymentRecords.Any(r => r.OrderId == orderId))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Used, a => a.Used + amount), cancellationToken) == 1;
        }

        var charged = await db.Database.ExecuteSqlRawAsync(
            PaymentStatements.For(db).ChargeNewOrder, [customerId, currency, amount, dialect.Id(orderId)], cancellationToken);
        return charged == 1;
    }

    /// <summary>Gives <paramref name="amount"/> of a charge back; throws if the account does not hold that much charged.</summary>
    public static async Task RefundAsync(this DbSet<CustomerAccount> accounts, string customerId, decimal amount,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);

        var refunded = await accounts
            .Where(a => a.CustomerId == customerId && a.Used >= amount)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.Used, a => a.Used - amount), cancellationToken);
        if (refunded != 1)
            throw new InvalidOperationException($"Customer {customerId} has no account with {amount} charged to refund.");
    }
}
