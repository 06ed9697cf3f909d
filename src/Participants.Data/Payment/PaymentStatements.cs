using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saga.Participants.Payment.Data;

/// <summary>
/// The SQL of <see cref="CustomerAccountUpdates.TryChargeNewOrderAsync"/>, the one statement every new order's payment runs,
/// written once per model rather than translated from LINQ on every call. Names come from the context's model (naming
/// convention, schema), delimited by its provider; <c>{0}</c> to <c>{3}</c> are the placeholders of EF Core's raw SQL
/// methods: the customer, the currency, the amount and the order's id.
/// </summary>
public sealed class PaymentStatements
{
    private static readonly ConditionalWeakTable<IModel, PaymentStatements> _byModel = new();

    private PaymentStatements(DbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var account = db.Model.FindEntityType(typeof(CustomerAccount))!;
        var record = db.Model.FindEntityType(typeof(PaymentRecord))!;
        var accountTable = StoreObjectIdentifier.Table(account.GetTableName()!, account.GetSchema());
        var recordTable = StoreObjectIdentifier.Table(record.GetTableName()!, record.GetSchema());

        string Column(IEntityType entity, StoreObjectIdentifier table, string property) =>
            sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);

        var accounts = sql.DelimitIdentifier(accountTable.Name, accountTable.Schema);
        var used = Column(account, accountTable, nameof(CustomerAccount.Used));
        var records = sql.DelimitIdentifier(recordTable.Name, recordTable.Schema);

        ChargeNewOrder =
            $"UPDATE {accounts} SET {used} = {used} + {{2}} " +
            $"WHERE {Column(account, accountTable, nameof(CustomerAccount.CustomerId))} = {{0}} " +
            $"AND {Column(account, accountTable, nameof(CustomerAccount.Currency))} = {{1}} " +
            $"AND {Column(account, accountTable, nameof(CustomerAccount.CreditLimit))} - {used} >= {{2}} " +
            $"AND NOT EXISTS (SELECT 1 FROM {records} WHERE {records}.{Column(record, recordTable, nameof(PaymentRecord.OrderId))} = {{3}})";
    }

    /// <summary>
    /// Adds the amount to the used credit of the customer's account if it is in the currency, the amount fits in what is
    /// available and the order has no payment record; affects one row when it charged.
    /// </summary>
    public string ChargeNewOrder { get; }

    /// <summary>The statements of <paramref name="db"/>'s model, built once per model.</summary>
    public static PaymentStatements For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.GetValue(db.Model, _ => new PaymentStatements(db));
    }
}
