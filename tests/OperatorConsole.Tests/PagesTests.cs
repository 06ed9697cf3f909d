using System.Net;
using System.Text.RegularExpressions;
using Saga.OperatorConsole.Tests.Support;

namespace Saga.OperatorConsole.Tests;

/// <summary>The pages rendered by the console on Kestrel over a real migrated SQLite orchestrator database.</summary>
public sealed partial class PagesTests
{
    OrchestratorDatabase _database = null!;
    ConsoleServer _console = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _database = await OrchestratorDatabase.CreateAsync(CancellationToken.None);
        _console = await ConsoleServer.StartAsync(ConsoleServer.Settings(_database, actions: true));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _console.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Test]
    public async Task The_overview_counts_the_orders_per_state_and_the_stuck_ones()
    {
        var html = await _console.GetPageAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(Count(html, "state-counts", "data-state", "Completed"), Is.EqualTo("1"));
            Assert.That(Count(html, "state-counts", "data-state", "Compensated"), Is.EqualTo("1"));
            Assert.That(Count(html, "state-counts", "data-state", "AwaitingInventory"), Is.EqualTo("1"));
            Assert.That(Count(html, "state-counts", "data-state", "CompensationFailed"), Is.EqualTo("1"));
            Assert.That(Count(html, "stuck-orders", "data-state", "AwaitingInventory"), Is.EqualTo("1"), "20 minutes without a change");
            Assert.That(Section(html, "stuck-orders"), Does.Not.Contain("data-state=\"CompensationFailed\""), "a final state is not stuck");
            Assert.That(html, Does.Contain("id=\"last-refreshed\""));
            Assert.That(html, Does.Contain("id=\"overview-live\""));
            Assert.That(html, Does.Contain("<svg id=\"throughput-chart\""));
        });
    }

    [Test]
    public async Task The_overview_shows_each_outbox_and_names_an_unconfigured_one()
    {
        var html = await _console.GetPageAsync("/");
        var outbox = Section(html, "outbox-backlog");

        Assert.Multiple(() =>
        {
            Assert.That(Row(outbox, "data-service", "orchestrator"), Does.Contain("<td class=\"undelivered number\">0</td>").And.Contain("none waiting"));
            Assert.That(Row(outbox, "data-service", "payment"), Does.Contain("Cannot read this"), "configured, but nothing listens there");
            Assert.That(Row(outbox, "data-service", "inventory"), Does.Contain("not configured"));
            Assert.That(Row(outbox, "data-service", "shipping"), Does.Contain("not configured"));
        });
    }

    [Test]
    public async Task The_chart_counts_the_completion_and_the_compensation_of_the_last_hours()
    {
        var html = await _console.GetPageAsync("/");

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("1 orders completed and 1 compensated"), "the chart's text alternative");
            Assert.That(html, Does.Contain("<title id=\"throughput-chart-title\">"));
            Assert.That(ChartTableSum(html, 1), Is.EqualTo(1), "completions in the chart's table");
            Assert.That(ChartTableSum(html, 2), Is.EqualTo(1), "compensations in the chart's table");
        });
    }

    [Test]
    public async Task The_live_feed_pushes_the_overview_region()
    {
        using var client = _console.NewClient();
        using var response = await client.GetAsync(new Uri("/overview/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        string? line;
        while ((line = await reader.ReadLineAsync(timeout.Token)) is not null && line != "event: overview")
        {
        }

        var data = await reader.ReadLineAsync(timeout.Token);
        Assert.That(data, Does.StartWith("data: <div id=\"overview-live\""));
    }

    [Test]
    public async Task The_order_list_is_newest_first_and_filters_by_state_customer_and_failure()
    {
        var all = OrderIds(await _console.GetPageAsync("/orders"));
        var failed = OrderIds(await _console.GetPageAsync("/orders?failure=Declined"));
        var stuck = OrderIds(await _console.GetPageAsync("/orders?state=AwaitingInventory&customer=CUST-1001"));
        var nobody = OrderIds(await _console.GetPageAsync("/orders?customer=CUST-9999"));
        var compensationErrors = OrderIds(await _console.GetPageAsync("/orders?failure=CompensationError"));

        Assert.Multiple(() =>
        {
            Assert.That(all, Is.EqualTo(new[] { _database.CompensationFailed, _database.Stuck, _database.Compensated, _database.Completed }));
            Assert.That(failed, Is.EqualTo(new[] { _database.Compensated }));
            Assert.That(stuck, Is.EqualTo(new[] { _database.Stuck }));
            Assert.That(nobody, Is.Empty);
            Assert.That(compensationErrors, Is.EqualTo(new[] { _database.CompensationFailed }));
        });
    }

    [Test]
    public async Task The_order_list_pages_with_next_and_previous_links()
    {
        await using var console = await ConsoleServer.StartAsync(ConsoleServer.Settings(_database), options => options.PageSize = 3);
        var first = await console.GetPageAsync("/orders?customer=CUST-1001");
        var next = NextLink().Match(first);
        Assert.That(next.Success, Is.True, first);
        var second = await console.GetPageAsync(WebUtility.HtmlDecode(next.Groups[1].Value));

        Assert.Multiple(() =>
        {
            Assert.That(OrderIds(first), Has.Count.EqualTo(3));
            Assert.That(OrderIds(second), Is.EqualTo(new[] { _database.Completed }));
            Assert.That(second, Does.Contain("rel=\"prev\"").And.Not.Contain("rel=\"next\""));
        });
    }

    [Test]
    public async Task An_exact_order_id_goes_to_the_order()
    {
        using var response = await _console.Client.GetAsync(new Uri($"/orders?id={_database.Stuck}", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location?.OriginalString, Does.EndWith($"/orders/{_database.Stuck}"));
        });
    }

    [Test]
    public async Task A_filter_that_is_not_understood_is_named_not_guessed()
    {
        var html = await _console.GetPageAsync("/orders?age=yesterday&failure=Sideways");
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("The age filter is not understood"));
            Assert.That(html, Does.Contain("The failure filter is not a known failure kind"));
            Assert.That(OrderIds(html), Has.Count.EqualTo(4), "the other filters still apply");
        });
    }

    [Test]
    public async Task A_completed_order_shows_its_fields_and_timeline_in_order_with_the_slowest_step_marked()
    {
        var html = await _console.GetPageAsync($"/orders/{_database.Completed}");
        var transitions = Transitions().Matches(html).Select(m => (Class: m.Groups[1].Value, From: m.Groups[2].Value, To: m.Groups[3].Value)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<strong id=\"order-state\">Completed</strong>"));
            Assert.That(html, Does.Contain("id=\"order-fields\"").And.Contain("CUST-1001").And.Contain("24.80 EUR"));
            Assert.That(transitions.Select(t => $"{t.From}>{t.To}"), Is.EqualTo(new[]
                { "Initial>AwaitingPayment", "AwaitingPayment>AwaitingInventory", "AwaitingInventory>AwaitingShipment", "AwaitingShipment>Completed" }));
            Assert.That(transitions.Select(t => t.Class), Is.EqualTo(new[] { "transition slow", "transition", "transition", "transition" }),
                "the 40 seconds awaiting payment stand out");
            Assert.That(html, Does.Contain("<strong>40s</strong>").And.Contain("<strong>5s</strong>").And.Contain("<strong>12s</strong>"));
            Assert.That(html, Does.Contain("SubmitOrder").And.Contain("class=\"occurred-at\""));
            Assert.That(html, Does.Not.Contain("id=\"cancel-order\""), "a completed order cannot be cancelled");
        });
    }

    [Test]
    public async Task An_order_in_flight_offers_cancelling_and_a_failed_compensation_a_retry_when_actions_are_enabled()
    {
        var stuck = await _console.GetPageAsync($"/orders/{_database.Stuck}");
        var failed = await _console.GetPageAsync($"/orders/{_database.CompensationFailed}");

        Assert.Multiple(() =>
        {
            Assert.That(stuck, Does.Contain($"id=\"cancel-order\" class=\"button\" href=\"/orders/{_database.Stuck}/cancel\""));
            Assert.That(stuck, Does.Not.Contain("id=\"retry-compensation\""));
            Assert.That(failed, Does.Contain($"id=\"retry-compensation\" class=\"button\" href=\"/orders/{_database.CompensationFailed}/retry\""));
            Assert.That(failed, Does.Contain("Payment compensation failed: refund service unavailable"));
            Assert.That(failed, Does.Contain("TimedOut"));
        });
    }

    [Test]
    public async Task An_unknown_order_is_a_404_page()
    {
        var html = await _console.GetPageAsync($"/orders/{Guid.NewGuid()}", HttpStatusCode.NotFound);
        Assert.That(html, Does.Contain("<h1>Not found</h1>").And.Contain("no such order").And.Contain("<main"));
    }

    [Test]
    public async Task The_errors_page_says_when_the_broker_cannot_be_reached()
    {
        var html = await _console.GetPageAsync("/errors");
        Assert.That(html, Does.Contain("cannot reach RabbitMQ at 127.0.0.1:1"));
    }

    [Test]
    public async Task Pages_are_accessible_landmarks_with_labels_and_a_language()
    {
        var html = await _console.GetPageAsync("/orders");
        var inputs = Inputs().Matches(html).Select(m => m.Groups[1].Value).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<html lang=\"en\">"));
            Assert.That(html, Does.Contain("<meta name=\"viewport\""));
            Assert.That(html, Does.Contain("<header").And.Contain("<nav").And.Contain("<main"));
            Assert.That(inputs, Is.Not.Empty);
            foreach (var id in inputs)
                Assert.That(html, Does.Contain($"<label for=\"{id}\""), $"a label for #{id}");
            Assert.That(html, Does.Not.Contain("<th>"), "every header cell has a scope");
        });
    }

    static string Section(string html, string id)
    {
        var start = html.IndexOf($"id=\"{id}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"#{id} on the page");
        var end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    static string Row(string section, string attribute, string value)
    {
        var start = section.IndexOf($"{attribute}=\"{value}\"", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"a row {attribute}={value}");
        return section[start..section.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }

    static string Count(string html, string table, string attribute, string value) =>
        CountCell().Match(Row(Section(html, table), attribute, value)).Groups[1].Value;

    static long ChartTableSum(string html, int column) =>
        ChartRows().Matches(Section(html, "throughput-table")).Sum(m => long.Parse(m.Groups[column].Value, System.Globalization.CultureInfo.InvariantCulture));

    static List<Guid> OrderIds(string html) => [.. OrderRow().Matches(html).Select(m => Guid.Parse(m.Groups[1].Value))];

    [GeneratedRegex("<td class=\"count number\">([0-9,]+)")]
    private static partial Regex CountCell();

    [GeneratedRegex("<tr data-order-id=\"([0-9a-f-]{36})\"")]
    private static partial Regex OrderRow();

    [GeneratedRegex("<a rel=\"next\" href=\"([^\"]+)\"")]
    private static partial Regex NextLink();

    [GeneratedRegex("<li class=\"([^\"]+)\" data-from-state=\"([^\"]*)\" data-to-state=\"([^\"]+)\"")]
    private static partial Regex Transitions();

    [GeneratedRegex("<td class=\"number\">([0-9]+)</td>\\s*<td class=\"number\">([0-9]+)</td>")]
    private static partial Regex ChartRows();

    [GeneratedRegex("<(?:input|select|textarea) id=\"([^\"]+)\"")]
    private static partial Regex Inputs();
}
