using Microsoft.EntityFrameworkCore;

namespace Saga.Participants.Payment.Data;

/// <summary>
/// The payment participant's reads, compiled once: a LINQ query written at the call site is rebuilt and looked up in EF
/// Core's query cache on every message. Nothing read is tracked; the consumer only answers from it.
/// </summary>
public static class PaymentQueries
{
    private static readonly Func<PaymentDbContext, Guid, CancellationToken, Task<PaymentRecord?>> _record =
        EF.CompileAsyncQuery((PaymentDbContext db, Guid orderId, CancellationToken _) =>
            db.PaymentRecords.AsNoTracking().SingleOrDefault(r => r.OrderId == orderId));

    private static readonly Func<PaymentDbContext, string, CancellationToken, Task<CustomerAccount?>> _account =
        EF.CompileAsyncQuery((PaymentDbContext db, string customerId, CancellationToken _) =>
            db.CustomerAccounts.AsNoTracking().SingleOrDefault(a => a.CustomerId == customerId));

    /// <summary>The payment record of <paramref name="orderId"/>, if there is one.</summary>
    public static Task<PaymentRecord?> FindPaymentRecordAsync(this PaymentDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        _record(db, orderId, cancellationToken);

    /// <summary>The account of <paramref name="customerId"/>, if there is one.</summary>
    public static Task<CustomerAccount?> FindAccountAsync(this PaymentDbContext db, string customerId, CancellationToken cancellationToken) =>
        _account(db, customerId, cancellationToken);
}
