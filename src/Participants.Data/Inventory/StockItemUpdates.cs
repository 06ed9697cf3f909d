using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Inventory.Data;

/// <summary>
/// The changes to SKUs' reserved units: one conditional UPDATE of each SKU's row (<see cref="StockStatements"/>), all of an
/// order's lines sent in one round trip. The database checks what is available while it holds the row, so concurrent orders
/// for one SKU queue on the row and each is decided on what the previous one left, never on a stale read. They run in the
/// consumer's transaction, one SKU after another in <see cref="StringComparer.Ordinal"/> order: every transaction then takes
/// the rows it needs in the same order, and two orders of the same SKUs cannot each hold a row the other waits for.
/// </summary>
public static class StockItemUpdates
{
    // SQL Server takes at most 2,100 parameters in one command; two per line.
    private const int _linesPerCommand = 500;

    // The parameters' names, written once rather than for every line of every order.
    private static readonly string[] _skuNames = Enumerable.Range(0, _linesPerCommand).Select(i => $"@s{i}").ToArray();
    private static readonly string[] _quantityNames = Enumerable.Range(0, _linesPerCommand).Select(i => $"@q{i}").ToArray();

    /// <summary>
    /// Reserves the quantity of every line whose SKU has that many available, as long as <paramref name="orderId"/> has no
    /// reservation yet; returns the SKUs it reserved. When that is not all of them (some are short or unknown, or the order
    /// already has a reservation and then none was taken), give back the ones taken with <see cref="ReleaseAsync"/> in the
    /// same transaction: their rows stay locked until it ends, so no other order ever sees those units gone.
    /// </summary>
    /// <param name="lines">One line per SKU.</param>
    public static Task<IReadOnlySet<string>> TryReserveAsync(this InventoryDbContext db, ISqlDialect dialect, Guid orderId,
        IReadOnlyCollection<ReservationLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dialect);

        return RunAsync(db, lines, (statements, count) => statements.Reserve(dialect, count), dialect.Id(orderId), cancellationToken);
    }

    /// <summary>Gives the quantity of every line back to its SKU; throws if a SKU does not hold that many reserved.</summary>
    /// <param name="lines">One line per SKU.</param>
    public static async Task ReleaseAsync(this InventoryDbContext db, ISqlDialect dialect, IReadOnlyCollection<ReservationLine> lines,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(dialect);

        var released = await RunAsync(db, lines, (statements, count) => statements.Release(dialect, count), null, cancellationToken);
        var missing = lines.Where(l => !released.Contains(l.Sku)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Cannot release: {string.Join(", ", missing.Select(l => $"{l.Sku} does not hold {l.Quantity} reserved units"))}.");
        }
    }

    private static async Task<IReadOnlySet<string>> RunAsync(InventoryDbContext db, IReadOnlyCollection<ReservationLine> lines,
        Func<StockStatements, int, string> build, object? orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
            throw new ArgumentException("At least one line is needed.", nameof(lines));
        if (lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Count() != lines.Count)
            throw new ArgumentException("Each SKU may be on one line only; sum the quantities of its lines.", nameof(lines));
        if (lines.Any(l => l.Quantity <= 0))
            throw new ArgumentOutOfRangeException(nameof(lines), "Every quantity must be positive.");

        // Without it, each statement would commit on its own and an order could keep part of its lines.
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Stock changes run in the consumer's transaction (see ParticipantTransaction).");
        var statements = StockStatements.For(db);
        var changed = new HashSet<string>(StringComparer.Ordinal);

        foreach (var chunk in lines.OrderBy(l => l.Sku, StringComparer.Ordinal).Chunk(_linesPerCommand))
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText = build(statements, chunk.Length);
            if (db.Database.GetCommandTimeout() is { } timeout)
                command.CommandTimeout = timeout;

            for (var i = 0; i < chunk.Length; i++)
            {
                AddParameter(command, _skuNames[i], chunk[i].Sku);
                AddParameter(command, _quantityNames[i], chunk[i].Quantity);
            }

            if (orderId is not null)
                AddParameter(command, "@order", orderId);

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                    changed.Add(reader.GetString(0));
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        return changed;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
