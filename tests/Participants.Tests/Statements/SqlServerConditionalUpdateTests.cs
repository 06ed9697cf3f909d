using Microsoft.EntityFrameworkCore;
using Saga.Hosting.Database;
using Saga.Participants.Inventory.Data;
using Saga.Participants.Inventory.Data.Providers;
using Saga.Participants.Payment.Data;
using Saga.Participants.Payment.Data.Providers;
using Saga.Participants.Tests.Infrastructure;
using Saga.Persistence.Dialects;

namespace Saga.Participants.Tests.Statements;

/// <summary>
/// SQL Server cannot run here, so its translation of the hot-row updates is checked as SQL: each must be one UPDATE whose
/// WHERE carries the condition, so the server decides it on the locked row (PostgreSQL and SQLite run them in the other tests).
/// </summary>
public class SqlServerConditionalUpdateTests
{
    [Test]
    public async Task A_charge_is_one_update_that_checks_the_available_credit_in_its_where_clause()
    {
        var recorder = new StatementRecorder();
        await using var db = new SqlServerPaymentDbContext(Options<SqlServerPaymentDbContext>(recorder));

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
        await using var db = new SqlServerPaymentDbContext(Options<SqlServerPaymentDbContext>(recorder));

        await db.CustomerAccounts.RefundAsync("CUST-1", 10m, CancellationToken.None);

        Assert.That(Normalized(recorder.Statements.Single()), Does.StartWith("UPDATE")
            .And.Contains("SET [c].[used] = [c].[used] - @")
            .And.Contains("AND [c].[used] >= @"));
    }

    [Test]
    public async Task A_reservation_is_one_update_that_checks_the_available_units_in_its_where_clause()
    {
        var recorder = new StatementRecorder();
        await using var db = new SqlServerInventoryDbContext(Options<SqlServerInventoryDbContext>(recorder));

        await db.StockItems.TryReserveAsync("SKU-1", 2, CancellationToken.None);
        await db.StockItems.ReleaseAsync("SKU-1", 2, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Normalized(recorder.Statements[0]), Does.StartWith("UPDATE")
                .And.Contains("SET [s].[reserved] = [s].[reserved] + @")
                .And.Contains("AND [s].[on_hand] - [s].[reserved] >= @"));
            Assert.That(Normalized(recorder.Statements[1]), Does.StartWith("UPDATE")
                .And.Contains("SET [s].[reserved] = [s].[reserved] - @")
                .And.Contains("AND [s].[reserved] >= @"));
        });
    }

    [Test]
    public async Task Marking_a_payment_refunded_or_a_reservation_released_only_changes_one_still_in_its_first_state()
    {
        var recorder = new StatementRecorder();
        await using (var payment = new SqlServerPaymentDbContext(Options<SqlServerPaymentDbContext>(recorder)))
            await payment.PaymentRecords.TryMarkRefundedAsync(Guid.NewGuid(), DateTimeOffset.UnixEpoch, CancellationToken.None);
        await using (var inventory = new SqlServerInventoryDbContext(Options<SqlServerInventoryDbContext>(recorder)))
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

    private static string Normalized(string sql) => string.Join(' ', sql.Split((char[])['\r', '\n', ' '], StringSplitOptions.RemoveEmptyEntries));
}
