using System.Text.Json;
using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Participants.Seeding;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// <c>saga list</c> and <c>saga stats</c> over a system of its own that holds exactly five orders: three completed, one
/// compensated (payment declined) and one rejected, with the orchestrator's tables and views in a schema of their own.
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
        // The orchestrator's tables and views in a schema of their own: the CLI must qualify what it reads.
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?> { ["Orchestrator:Database:Schema"] = "cli_ops" },
        };
        _system = await SagaSystem.StartAsync(settings);
        _cli = new SagaCliRunner(_system.Settings);

        // Submitted and awaited through the CLI itself, one at a time, so that their creation times are in this order.
        // (SagaSystem's own database look-ups do not know the schema.)
        for (var i = 0; i < 3; i++)
            _completed.Add(await SubmitAndWait("Completed", "--customer", ParticipantSeedData.WellFundedCustomerId, "--currency", "EUR"));
        _compensated = await SubmitAndWait("Compensated", "--customer", ParticipantSeedData.LowCreditCustomerId, "--currency", "EUR",
            "--item", $"{ParticipantSeedData.WellStockedSku}:1:500");
        _rejected = await SubmitAndWait("Rejected", "--customer", ParticipantSeedData.WellFundedCustomerId, "--currency", "EURO");
    }

    async Task<Guid> SubmitAndWait(string expectedState, params string[] options)
    {
        string[] item = options.Contains("--item") ? [] : ["--item", $"{ParticipantSeedData.WellStockedSku}:2:9.90"];
        var submit = await _cli.RunAsync(["submit", .. options, .. item, "--ship-to", "Friedrichstrasse 43", "Berlin", "10117", "DE", "--wait", "--json"]);
        var json = submit.Json();
        Assert.That(json.GetProperty("state").GetString(), Is.EqualTo(expectedState), submit.ToString());
        Assert.That(submit.ExitCode, Is.EqualTo(expectedState == "Completed" ? ExitCodes.Ok : ExitCodes.Failed), submit.ToString());
        return json.GetProperty("orderId").GetGuid();
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
