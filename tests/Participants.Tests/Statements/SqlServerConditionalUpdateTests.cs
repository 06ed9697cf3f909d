using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Payment.Data;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Statements;

/// <summary>
/// SQL Server cannot run here, so its translation of the hot-row updates is checked as SQL: each must be one UPDATE whose
/// WHERE carries the condition, so the server decides it on the locked row, and an order's stock rows are changed one
/// statement per row in one command (PostgreSQL and SQLite run them in the other tests).
/// </summary>
public class SqlServerConditionalUpdateTests
{
    [Test]
    public async Task A_charge_is_one_update_that_checks_the_available_credit_in_its_where_clause()
    {
        var recorder = new StatementRecorder();
        await using var db = new PaymentDbContext(Options<PaymentDbContext>(recorder));

        await db.CustomerAccounts.TryChargeAsync("CUST-1", 10m, CancellationToken.None);

        Assert.That(Normalized(recorder.Statements.Single()), Does.StartWith("UPDATE")
            .And.Contains("SET [c].[used] = [c].[used] + @")
            .And.Contains("WHERE [c].[customer_id] = @")
            .And.Contains("AND [c].[credit_limit] - [c].[used] >= @"));
    }

    [Test]
    public async Task A_refund_is_one_update_that_cannot_take_used_credit_below_zero()
    {
        var recorder = new StatementRecorder();
        await using var db = new PaymentDbContext(Options<PaymentDbContext>(recorder));

        await db.CustomerAccounts.RefundAsync("CUST-1", 10m, CancellationToken.None);

        Assert.That(Normalized(recorder.Statements.Single()), Does.StartWith("UPDATE")
            .And.Contains("SET [c].[used] = [c].[used] - @")
            .And.Contains("AND [c].[used] >= @"));
    }

    [Test]
    public async Task A_new_orders_charge_is_one_update_that_also_checks_the_currency_and_that_the_order_has_no_record()
    {
        var recorder = new StatementRecorder();
        await using var db = new PaymentDbContext(Options<PaymentDbContext>(recorder));

        await db.TryChargeNewOrderAsync(SqlServerDialect.Instance, Guid.NewGuid(), "CUST-1", "EUR", 10m, CancellationToken.None);

        Assert.That(Normalized(recorder.Statements.Single()), Is.EqualTo(
            "UPDATE [customer_accounts] SET [used] = [used] + @p2 WHERE [customer_id] = @p0 AND [currency] = @p1 " +
            "AND [credit_limit] - [used] >= @p2 AND NOT EXISTS (SELECT 1 FROM [payment_records] WHERE [payment_records].[order_id] = @p3)"));
    }

    [Test]
    public async Task A_reservation_is_one_command_of_one_conditional_update_per_sku_each_returning_the_sku_it_changed()
    {
        await using var db = new InventoryDbContext(Options<InventoryDbContext>(new StatementRecorder()));

        var statements = Statements(StockStatements.For(db).Reserve(SqlServerDialect.Instance, 2));

        Assert.That(statements, Is.EqualTo(new[]
        {
            "UPDATE [stock_items] SET [reserved] = [reserved] + @q0 OUTPUT inserted.[sku] WHERE [sku] = @s0 AND [on_hand] - [reserved] >= @q0 " +
                "AND NOT EXISTS (SELECT 1 FROM [reservations] WHERE [reservations].[order_id] = @order)",
            "UPDATE [stock_items] SET [reserved] = [reserved] + @q1 OUTPUT inserted.[sku] WHERE [sku] = @s1 AND [on_hand] - [reserved] >= @q1 " +
                "AND NOT EXISTS (SELECT 1 FROM [reservations] WHERE [reservations].[order_id] = @order)",
        }));
    }

    [Test]
    public async Task A_release_is_one_command_of_one_update_per_sku_that_cannot_take_reserved_units_below_zero()
    {
        await using var db = new InventoryDbContext(Options<InventoryDbContext>(new StatementRecorder()));

        var statements = Statements(StockStatements.For(db).Release(SqlServerDialect.Instance, 2));

        Assert.That(statements, Is.EqualTo(new[]
        {
            "UPDATE [stock_items] SET [reserved] = [reserved] - @q0 OUTPUT inserted.[sku] WHERE [sku] = @s0 AND [reserved] >= @q0",
            "UPDATE [stock_items] SET [reserved] = [reserved] - @q1 OUTPUT inserted.[sku] WHERE [sku] = @s1 AND [reserved] >= @q1",
        }));
    }

    [Test]
    public async Task Marking_a_payment_refunded_or_a_reservation_released_only_changes_one_still_in_its_first_state()
    {
        var recorder = new StatementRecorder();
        await using (var payment = new PaymentDbContext(Options<PaymentDbContext>(recorder)))
            await payment.PaymentRecords.TryMarkRefundedAsync(Guid.NewGuid(), DateTimeOffset.UnixEpoch, CancellationToken.None);
        await using (var inventory = new InventoryDbContext(Options<InventoryDbContext>(recorder)))
            await inventory.Reservations.TryMarkReleasedAsync(Guid.NewGuid(), DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Normalized(recorder.Statements[0]), Does.Contain("[p].[status] = N'Processed'"));
            Assert.That(Normalized(recorder.Statements[1]), Does.Contain("[r].[status] = N'Reserved'"));
        });
    }

    private static DbContextOptions<T> Options<T>(StatementRecorder recorder)
        where T : DbContext =>
        new DbContextOptionsBuilder<T>(DesignTimeOptions.For<T>(DatabaseProvider.SqlServer, "participants"))
            .AddInterceptors(recorder)
            .Options;

    private static string[] Statements(string batch) =>
        batch.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Normalized).ToArray();

    private static string Normalized(string sql) => string.Join(' ', sql.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));
}
