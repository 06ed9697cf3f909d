using System.Text.Json;
using Saga.Cli;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// <c>saga list</c> and <c>saga stats</c> over a system of its own that holds exactly five orders: three completed, one
/// compensated (payment declined) and one rejected.
/// </summary>
public sealed class CliListAndStatsTests
{
    SagaSystem _system = null!;
    SagaCliRunner _cli = null!;
    readonly List<Guid> _completed = [];
    Guid _compensated;
    Guid _rejected;

    [OneTimeSetUp]
    public async Task Start()
    {
        _system = await SagaSystem.StartAsync(await SagaSystemSettings.CreateAsync());
        await InterimSagaViews.EnsureAsync(_system.Settings.OrchestratorDatabase);
        _cli = new SagaCliRunner(_system.Settings);

        // One at a time, so that their creation times are in this order.
        for (var i = 0; i < 3; i++)
        {
            var order = TestOrders.Valid();
            await _system.Submit(order);
            await _system.WaitForOutcome(order.OrderId);
            _completed.Add(order.OrderId);
        }

        var declined = TestOrders.OverCreditLimit();
        await _system.Submit(declined);
        Assert.That((await _system.WaitForOutcome(declined.OrderId)).CurrentState, Is.EqualTo("Compensated"));
        _compensated = declined.OrderId;

        var invalid = TestOrders.Valid() with { Currency = "EURO" };
        await _system.Submit(invalid);
        Assert.That((await _system.WaitForOutcome(invalid.OrderId)).CurrentState, Is.EqualTo("Rejected"));
        _rejected = invalid.OrderId;
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        _cli.Dispose();
        await _system.DisposeAsync();
    }

    [Test]
    public async Task List_shows_every_order_newest_first()
    {
        var list = await _cli.RunAsync("list", "--json");

        Assert.That(list.ExitCode, Is.EqualTo(ExitCodes.Ok), list.ToString());
        var json = list.Json();
        Assert.That(json.GetProperty("total").GetInt64(), Is.EqualTo(5));
        Assert.That(OrderIds(json), Is.EqualTo(new[] { _rejected, _compensated, _completed[2], _completed[1], _completed[0] }));
    }

    [Test]
    public async Task List_filters_by_state_repeated()
    {
        var completed = await _cli.RunAsync("list", "--state", "Completed", "--json");
        var failed = await _cli.RunAsync("list", "--state", "Compensated", "--state", "Rejected", "--json");

        Assert.That(completed.ExitCode, Is.EqualTo(ExitCodes.Ok), completed.ToString());
        Assert.That(OrderIds(completed.Json()), Is.EquivalentTo(_completed));
        Assert.That(OrderIds(failed.Json()), Is.EquivalentTo(new[] { _compensated, _rejected }));
    }

    [Test]
    public async Task List_filters_by_age()
    {
        var older = await _cli.RunAsync("list", "--older-than", "1h", "--json");
        var newer = await _cli.RunAsync("list", "--newer-than", "1h", "--json");

        Assert.That(older.Json().GetProperty("total").GetInt64(), Is.Zero, older.ToString());
        Assert.That(newer.Json().GetProperty("total").GetInt64(), Is.EqualTo(5), newer.ToString());
    }

    [Test]
    public async Task List_pages_through_the_orders_without_gaps_or_repeats()
    {
        var pages = new List<Guid>();
        for (var page = 1; page <= 3; page++)
        {
            var run = await _cli.RunAsync("list", "--page-size", "2", "--page", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.ToString());
            pages.AddRange(OrderIds(run.Json()));
        }

        Assert.That(pages, Is.EqualTo(new[] { _rejected, _compensated, _completed[2], _completed[1], _completed[0] }));
    }

    [Test]
    public async Task List_as_a_table_has_a_row_per_order_and_says_which_ones()
    {
        var list = await _cli.RunAsync("list", "--state", "Compensated");

        Assert.That(list.ExitCode, Is.EqualTo(ExitCodes.Ok), list.ToString());
        var lines = list.Output.TrimEnd().Split('\n');
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("order").And.Contain("state").And.Contain("reason"));
            Assert.That(lines[2], Does.StartWith(_compensated.ToString()).And.Contain("Compensated").And.Contain("payment declined"));
            Assert.That(lines[^1], Is.EqualTo("orders 1-1 of 1 (page 1, 50 per page)"));
        });
    }

    [Test]
    public async Task Stats_counts_each_state_and_the_completions_of_the_last_hour()
    {
        var stats = await _cli.RunAsync("stats", "--json");

        Assert.That(stats.ExitCode, Is.EqualTo(ExitCodes.Ok), stats.ToString());
        var json = stats.Json();
        var states = json.GetProperty("states").EnumerateArray()
            .ToDictionary(s => s.GetProperty("state").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.Multiple(() =>
        {
            Assert.That(states, Is.EqualTo(new Dictionary<string, long> { ["Completed"] = 3, ["Compensated"] = 1, ["Rejected"] = 1 }));
            Assert.That(json.GetProperty("total").GetInt64(), Is.EqualTo(5));
            Assert.That(json.GetProperty("completed").GetInt64(), Is.EqualTo(3));
            Assert.That(json.GetProperty("completionsPerMinute").EnumerateArray().Sum(m => m.GetProperty("count").GetInt64()), Is.EqualTo(3));
        });

        var table = await _cli.RunAsync("stats", "--minutes", "5");
        Assert.That(table.Output, Does.Contain("completed in the last 5 min: 3"), table.ToString());
    }

    static List<Guid> OrderIds(JsonElement page) =>
        page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetGuid()).ToList();
}
