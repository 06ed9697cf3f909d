using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Inventory.Data;

/// <summary>
/// The SQL of <see cref="StockItemUpdates"/>: one conditional UPDATE of one stock row per SKU, each returning the SKU when it
/// changed the row, sent together as one command. Names come from the context's model (naming convention, schema), delimited
/// by its provider; <c>@s{i}</c> and <c>@q{i}</c> are the i-th SKU and quantity, <c>@order</c> the order's id.
/// </summary>
/// <remarks>
/// One statement per row rather than one UPDATE joined to a list of SKUs: the statements run in the order they are written,
/// so every transaction takes the rows it needs in the same (ordinal) order and two orders of the same SKUs cannot each
/// hold a row the other waits for. A single joined UPDATE takes its rows in whatever order its plan visits them.
/// </remarks>
public sealed class StockStatements
{
    // Orders have a few lines, so the commands of up to this many are kept once written instead of written for every order.
    private const int _keptLineCounts = 64;

    private static readonly ConditionalWeakTable<IModel, StockStatements> _byModel = new();

    private readonly ConcurrentDictionary<(ISqlDialect Dialect, int LineCount), string> _reserve = new();
    private readonly ConcurrentDictionary<(ISqlDialect Dialect, int LineCount), string> _release = new();

    private readonly string _stock;
    private readonly string _sku;
    private readonly string _onHand;
    private readonly string _reserved;
    private readonly string _reservations;
    private readonly string _reservationOrderId;

    private StockStatements(DbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var stock = db.Model.FindEntityType(typeof(StockItem))!;
        var reservation = db.Model.FindEntityType(typeof(Reservation))!;
        var stockTable = StoreObjectIdentifier.Table(stock.GetTableName()!, stock.GetSchema());
        var reservationTable = StoreObjectIdentifier.Table(reservation.GetTableName()!, reservation.GetSchema());

        string Column(IEntityType entity, StoreObjectIdentifier table, string property) =>
            sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName(table)!);

        _stock = sql.DelimitIdentifier(stockTable.Name, stockTable.Schema);
        _sku = Column(stock, stockTable, nameof(StockItem.Sku));
        _onHand = Column(stock, stockTable, nameof(StockItem.OnHand));
        _reserved = Column(stock, stockTable, nameof(StockItem.Reserved));
        _reservations = sql.DelimitIdentifier(reservationTable.Name, reservationTable.Schema);
        _reservationOrderId = $"{_reservations}.{Column(reservation, reservationTable, nameof(Reservation.OrderId))}";
    }

    /// <summary>The statements of <paramref name="db"/>'s model, built once per model.</summary>
    public static StockStatements For(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return _byModel.GetValue(db.Model, _ => new StockStatements(db));
    }

    /// <summary>
    /// Reserves the quantity of each of <paramref name="lineCount"/> SKUs whose row has that many available, while the order
    /// has no reservation yet; returns the SKU of each row it changed.
    /// </summary>
    public string Reserve(ISqlDialect dialect, int lineCount)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return lineCount is > 0 and <= _keptLineCounts
            ? _reserve.GetOrAdd((dialect, lineCount), static (key, self) => self.WriteReserve(key.Dialect, key.LineCount), this)
            : WriteReserve(dialect, lineCount);
    }

    /// <summary>Gives the quantity of each of <paramref name="lineCount"/> SKUs back to rows that hold that many reserved; returns the SKU of each row it changed.</summary>
    public string Release(ISqlDialect dialect, int lineCount)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        return lineCount is > 0 and <= _keptLineCounts
            ? _release.GetOrAdd((dialect, lineCount), static (key, self) => self.WriteRelease(key.Dialect, key.LineCount), this)
            : WriteRelease(dialect, lineCount);
    }

    private string WriteReserve(ISqlDialect dialect, int lineCount) =>
        Batch(lineCount, i => dialect.UpdateReturning(
            _stock,
            $"{_reserved} = {_reserved} + @q{i}",
            $"{_sku} = @s{i} AND {_onHand} - {_reserved} >= @q{i} AND NOT EXISTS (SELECT 1 FROM {_reservations} WHERE {_reservationOrderId} = @order)",
            _sku));

    private string WriteRelease(ISqlDialect dialect, int lineCount) =>
        Batch(lineCount, i => dialect.UpdateReturning(
            _stock,
            $"{_reserved} = {_reserved} - @q{i}",
            $"{_sku} = @s{i} AND {_reserved} >= @q{i}",
            _sku));

    private static string Batch(int lineCount, Func<int, string> statement)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(lineCount);

        var batch = new StringBuilder();
        for (var i = 0; i < lineCount; i++)
            batch.Append(statement(i)).Append(';').AppendLine();
        return batch.ToString();
    }
}
