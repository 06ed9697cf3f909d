using System.Collections.ObjectModel;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using OpenQA.Selenium;
using Saga.Contracts;
using Saga.Integration.Tests.EndToEnd.Actions;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.Operations.Connection;
using Saga.Operations.ErrorQueues;
using Saga.Participants.Configuration;
using Saga.Participants.Payment.Data;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Console;

/// <summary>
/// The operator console in a real headless Chromium, served by <c>saga console</c> as its own process, against the services
/// on RabbitMQ and PostgreSQL. One saga system, one console and one browser for the class: first every participant runs,
/// so that orders complete and are compensated (their history to look at); then only the payment participant runs, so that
/// a new order waits for its reservation after being charged (where a cancel is accepted) and a refund the participant
/// refuses leaves it CompensationFailed (as in <see cref="Cli.CliCancelAndRetryTests"/>).
/// </summary>
[NonParallelizable]
public sealed class OperatorConsoleBrowserTests
{
    const string OperatorName = "alice";
    const string ErrorQueue = QueueNames.Payment + "_error";
    static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(30);

    readonly string _token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
    readonly List<SubmitOrder> _completed = [TestOrders.Valid(), TestOrders.Valid(12.50m), TestOrders.Valid(3.20m)];
    readonly SubmitOrder _compensated = TestOrders.ToUnservedCountry();
    readonly List<SubmitOrder> _alsoCompensated = [TestOrders.ShortOfStock(), TestOrders.OverCreditLimit()];

    SagaSystem _system = null!;
    SagaConsoleProcess? _console;
    HeadlessChromium? _browser;
    ConsolePages _pages = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        // An order left waiting for its reservation (the inventory participant stops below) stays there for the whole class
        // instead of being given up after the default 30 s: the counts on the pages must hold still while they are compared.
        var settings = await SagaSystemSettings.CreateAsync() with
        {
            Overrides = new Dictionary<string, string?> { ["Orchestrator:StepTimeouts:Inventory"] = "00:30:00" },
        };
        _system = await SagaSystem.StartAsync(settings);
        // The browser and the console start while the first orders run.
        var browser = HeadlessChromium.StartAsync();
        var console = SagaConsoleProcess.StartAsync(_system.Settings, new Dictionary<string, string> { [OperatorName] = _token },
            new Dictionary<string, string> { ["Console__RefreshInterval"] = "00:00:01" });
        try
        {
            SubmitOrder[] orders = [.. _completed, _compensated, .. _alsoCompensated];
            foreach (var order in orders)
                await _system.Submit(order);
            foreach (var order in orders)
                await _system.WaitForOutcome(order.OrderId);
            await _system.WaitUntilSettled();

            await _system.StopParticipantsAsync();
            await _system.StartParticipantsAsync(only: ParticipantKind.Payment);
        }
        finally
        {
            _browser = await browser;
            _console = await console;
        }

        _pages = new ConsolePages(_browser!, _console!.Url);
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        try
        {
            if (_browser is not null)
                await _browser.DisposeAsync();
        }
        finally
        {
            try
            {
                if (_console is not null)
                {
                    await TestContext.Out.WriteLineAsync($"--- saga console ---\n{_console.Output}");
                    await _console.DisposeAsync();
                }
            }
            finally
            {
                await _system.DisposeAsync();
            }
        }
    }

    [TearDown]
    public void KeepThePageOnFailure()
    {
        if (_browser is null || TestContext.CurrentContext.Result.Outcome.Status != NUnit.Framework.Interfaces.TestStatus.Failed)
            return;
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "console-failures", $"{TestContext.CurrentContext.Test.Name}.png");
        HeadlessChromium.SavePng(_browser.ScreenshotWholePage(), path);
        TestContext.AddTestAttachment(path, $"the page at {_browser.Driver.Url} when the test failed");
        TestContext.Out.WriteLine($"--- saga console ---\n{_console?.Output}");
    }

    [Test]
    public async Task The_overview_counts_orders_per_state_as_saga_overview_does_and_refreshes_them_without_a_reload()
    {
        var expected = await StateCountsInSql();
        _pages.Open("/");
        _pages.WaitFor("#state-counts");
        _browser!.WaitUntil(_ => Counted(_pages.StateCounts()).SequenceEqual(expected), "the overview's counts equal saga_overview's", RefreshWait);
        Assert.That(await StateCountsInSql(), Is.EqualTo(expected), "nothing moved while the page was read");
        var outboxes = _pages.Driver.FindElements(By.CssSelector("#outbox-backlog tr[data-service]"))
            .ToDictionary(row => row.GetAttribute("data-service")!, row => row.FindElement(By.CssSelector("td.undelivered")).Text.Trim());
        Assert.That(outboxes, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["orchestrator"] = "0", ["payment"] = "0", ["inventory"] = "0", ["shipping"] = "0",
        }), "every service's outbox is read, and nothing waits in them");
        ConsoleScreenshots.Keep(_browser.ScreenshotWholePage(), ConsoleScreenshots.Overview, "the overview");

        // A mark in the page's own script state survives only as long as the page is not loaded again.
        var navigations = _browser.ExecuteScript("window.sagaTestMark = 'kept'; return performance.getEntriesByType('navigation').length;");
        var refreshedBefore = LastRefreshed();
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingInventory");
        var after = await StateCountsInSql();
        Assert.That(after.GetValueOrDefault("AwaitingInventory"), Is.EqualTo(expected.GetValueOrDefault("AwaitingInventory") + 1));

        _browser.WaitUntil(_ => Counted(_pages.StateCounts()).SequenceEqual(after), "the live region shows the new order's state", RefreshWait);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LastRefreshed(), Is.Not.EqualTo(refreshedBefore), "#last-refreshed after the refresh");
            Assert.That(_browser.ExecuteScript("return window.sagaTestMark;"), Is.EqualTo("kept"), "the page was not loaded again");
            Assert.That(_browser.ExecuteScript("return performance.getEntriesByType('navigation').length;"), Is.EqualTo(navigations));
            Assert.That(_pages.CurrentPath, Is.EqualTo("/"));
        }
    }

    [Test]
    public async Task A_completed_order_shows_its_transitions_in_order_ending_in_completed()
    {
        var order = _completed[0];

        _pages.Open($"/orders/{order.OrderId}");

        var history = await HistoryInSql(order.OrderId);
        Assert.That(_pages.WaitFor("#order-state").Text, Does.Contain("Completed"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_pages.Timeline(), Is.EqualTo(history.Select(t => (t.From, t.To)).ToList()), "the timeline is saga_history in transition order");
            Assert.That(history[^1].To, Is.EqualTo("Completed"));
            Assert.That(EventsNotShown(history), Is.Empty, "each transition's event");
            Assert.That(_pages.Driver.FindElements(By.CssSelector("#timeline li.transition time.occurred-at")), Has.Count.EqualTo(history.Count));
            Assert.That(_pages.Driver.FindElements(By.CssSelector("#timeline li.transition .time-in-state")), Has.Count.EqualTo(history.Count));
        }
    }

    [Test]
    public async Task A_compensated_order_shows_its_transitions_in_order_with_its_compensation_ending_in_compensated()
    {
        var order = _compensated;

        _pages.Open($"/orders/{order.OrderId}");

        var history = await HistoryInSql(order.OrderId);
        Assert.That(_pages.WaitFor("#order-state").Text, Does.Contain("Compensated"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_pages.Timeline(), Is.EqualTo(history.Select(t => (t.From, t.To)).ToList()), "the timeline is saga_history in transition order");
            Assert.That(history[^1].To, Is.EqualTo("Compensated"));
            Assert.That(history.Select(t => t.To), Does.Contain("Compensating"), "the compensation is part of the history");
            Assert.That(EventsNotShown(history), Is.Empty, "each transition's event, the compensations' included");
        }

        ConsoleScreenshots.Keep(_browser!.ScreenshotWholePage(), ConsoleScreenshots.OrderTimeline, "a compensated order's timeline");
    }

    [Test]
    public async Task The_order_list_filters_by_state_and_a_search_by_id_opens_the_order()
    {
        _pages.Open("/orders");
        _pages.WaitFor("#order-filters #filter-state option[value='Completed']").Click();
        _pages.Driver.FindElement(By.CssSelector("#order-filters button[type='submit']")).Click();
        _browser!.WaitUntil(d => d.Url.Contains("state=Completed", StringComparison.Ordinal), "the filter's address");

        var listed = _pages.Driver.FindElements(By.CssSelector("#orders tr[data-order-id]"))
            .Select(row => Guid.Parse(row.GetAttribute("data-order-id")!)).ToList();
        Assert.That(listed, Is.EquivalentTo(await OrderIdsInSql("Completed")), "the Completed orders, as saga_overview has them");
        Assert.That(listed, Is.SupersetOf(_completed.Select(o => o.OrderId)));

        var search = _pages.WaitFor("#order-search input[name='id']");
        search.SendKeys(_compensated.OrderId.ToString());
        search.Submit();
        _browser.WaitUntil(_ => _pages.CurrentPath == $"/orders/{_compensated.OrderId}", "the search leads to the order's page");
        Assert.That(_pages.WaitFor("#order-state").Text, Is.EqualTo("Compensated"));
    }

    [Test]
    public async Task An_order_cancelled_from_the_page_ends_compensated_and_the_action_is_logged_with_its_operator()
    {
        var order = await OrderAwaitingInventoryAsync();
        _pages.SignIn(_token, OperatorName);

        _pages.Open($"/orders/{order.OrderId}");
        _pages.WaitFor("a#cancel-order").Click();
        var (outcome, summary) = _pages.Confirm("changed my mind");

        Assert.That(outcome, Is.EqualTo("accepted"), summary);
        // The reservation in flight is released first; the test answers for the inventory participant, which does not run.
        await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        var saga = await _system.WaitForState(order.OrderId, "Compensated");
        Assert.That(saga.PaymentRefunded, Is.True);
        Assert.That(saga.FailureReason, Is.EqualTo("cancelled: changed my mind"), "the reason given on the page");

        _pages.Open("/actions");
        var rows = _pages.WaitFor("#operator-actions").FindElements(By.CssSelector("tr[data-action-id]"));
        Assert.That(rows.Select(row => row.Text), Has.Some.Contains(order.OrderId.ToString()).And.Contains(OperatorName).And.Contains("cancel"),
            "the audit log names the order, the operator and the action");
    }

    [Test]
    public async Task A_failed_compensation_retried_from_the_page_ends_compensated()
    {
        var order = await OrderInCompensationFailedAsync(untilInErrorQueue: false);
        await FixPaymentRecordAsync(order.OrderId);
        _pages.SignIn(_token, OperatorName);

        _pages.Open($"/orders/{order.OrderId}");
        Assert.That(_pages.WaitFor("#order-state").Text, Does.Contain("CompensationFailed"));
        _pages.WaitFor("a#retry-compensation").Click();
        var (outcome, summary) = _pages.Confirm();

        Assert.That(outcome, Is.EqualTo("accepted"), summary);
        var saga = await _system.WaitForState(order.OrderId, "Compensated");
        Assert.That(saga.PaymentRefunded, Is.True, "the retried refund went through");
    }

    [Test]
    public async Task An_error_message_moved_back_from_the_errors_page_is_consumed_by_its_service()
    {
        // The refused refund waits in payment_error; the operator fixes the record, then moves the message back.
        var order = await OrderInCompensationFailedAsync(untilInErrorQueue: true);
        await FixPaymentRecordAsync(order.OrderId);
        _pages.SignIn(_token, OperatorName);
        // What the queue holds, counted by reading every message (the management API's count lags on quorum queues).
        long depth;
        await using (var connection = await Broker.ConnectAsync(OperatorSystemSettings.For(_system), CancellationToken.None))
            depth = (await ErrorQueueBrowser.BrowseAsync(connection, ErrorQueue, 200, CancellationToken.None)).Messages.Count;
        _pages.Open("/");
        _browser!.WaitUntil(d => d.FindElement(By.CssSelector($"#error-queues tr[data-queue='{ErrorQueue}'] td.count")).Text.Trim().StartsWith(
            depth.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), $"the overview counts {depth} message(s) in {ErrorQueue}");

        _pages.Open("/errors");
        // A group shows the message's shape; each message's own text (naming the order) is in its fault details.
        var group = _browser.WaitUntil(_ => PaymentErrorGroups().FirstOrDefault(g =>
                (g.GetAttribute("innerHTML") ?? "").Contains(order.OrderId.ToString(), StringComparison.Ordinal)),
            $"a group in {ErrorQueue} with the refused refund of {order.OrderId}")!;
        Assert.That(group.FindElement(By.CssSelector(".exception-message")).Text, Does.Contain("Refund of order {id}"));
        Assert.That(group.FindElements(By.CssSelector("tr[data-message-id]")), Is.Not.Empty);
        Assert.That(int.Parse(group.FindElement(By.CssSelector(".message-count")).Text, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(group.FindElements(By.CssSelector("tr[data-message-id]")).Count));
        ConsoleScreenshots.Keep(_browser.ScreenshotWholePage(), ConsoleScreenshots.Errors, "the errors page with a group");

        // Every group of the queue (earlier tests' refused refunds, their records fixed, are safe to repeat).
        for (var moved = 0; PaymentErrorGroups() is [var next, ..]; moved++)
        {
            Assert.That(moved, Is.LessThan(10), "groups keep coming back");
            next.FindElement(By.CssSelector("a.move-group")).Click();
            var (outcome, summary) = _pages.Confirm();
            Assert.That(outcome, Is.EqualTo("accepted"), summary);
            _pages.Open("/errors");
            _pages.WaitFor("main");
        }

        await _system.WaitForQueueDepth(ErrorQueue, 0, "the moved messages left the error queue and did not come back");
        await _system.WaitForQueueDepth(QueueNames.Payment, 0, "the payment participant consumed the moved messages");
        await Poll.UntilAsync(async () => (await _system.Find(order.OrderId))?.PaymentRefunded == true,
            "the moved refund was consumed: the saga heard that the payment was refunded");
        await using var payment = _system.Payment();
        var ledger = await payment.LedgerEntries.Where(e => e.OrderId == order.OrderId).Select(e => e.Kind).ToListAsync();
        Assert.That(ledger, Has.Exactly(1).EqualTo(LedgerEntryKind.Refund), "refunded once");
    }

    [Test]
    public async Task Actions_are_refused_without_the_operator_token()
    {
        var order = await OrderAwaitingInventoryAsync();
        _pages.SignOut();

        _pages.Open($"/orders/{order.OrderId}");
        _pages.WaitFor("a#cancel-order").Click();
        _browser!.WaitUntil(_ => _pages.CurrentPath == "/signin", "the cancel link leads to /signin");

        _pages.SubmitSignIn("not-" + _token);
        Assert.That(_pages.WaitFor("#signin-error").Displayed, Is.True, "a wrong token is refused");
        Assert.That(_pages.Driver.FindElements(By.Id("operator-name")), Is.Empty, "not signed in");

        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var client = new HttpClient(handler) { BaseAddress = _console!.Url, Timeout = TimeSpan.FromSeconds(30) };
        var cancelPath = $"/orders/{order.OrderId}/cancel";
        using (var anonymous = await client.PostAsync(cancelPath, Form()))
        {
            Assert.That(anonymous.StatusCode, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
                "a POST without the operator's cookie");
        }

        // Signed in, the browser's cookies alone (no antiforgery token in the form) are refused too: a forged request.
        _pages.SignIn(_token, OperatorName);
        using (var request = new HttpRequestMessage(HttpMethod.Post, cancelPath) { Content = Form() })
        {
            request.Headers.Add("Cookie", string.Join("; ", _pages.Driver.Manage().Cookies.AllCookies.Select(c => $"{c.Name}={c.Value}")));
            using var forged = await client.SendAsync(request);
            Assert.That(forged.StatusCode, Is.AnyOf(HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden),
                "a POST with the operator's cookie but without the antiforgery token");
        }

        Assert.That((await _system.Find(order.OrderId))!.CurrentState, Is.EqualTo("AwaitingInventory"), "the order was not cancelled");
        _pages.Open($"/orders/{order.OrderId}");
        Assert.That(_pages.WaitFor("#order-state").Text, Does.Contain("AwaitingInventory"));

        static FormUrlEncodedContent Form() => new(new Dictionary<string, string> { ["reason"] = "forged" });
    }

    [Test]
    public async Task The_pages_fit_a_narrow_window_without_scrolling_sideways()
    {
        // A fault on the errors page (long exception and consumer names, a stack trace) must fit as well.
        await OrderInCompensationFailedAsync(untilInErrorQueue: true);
        var browser = _browser!;
        try
        {
            browser.ResizeWindow(HeadlessChromium.NarrowWindowSize);

            _pages.Open("/");
            _pages.WaitFor("#state-counts tr[data-state]");
            Assert.That(browser.ViewportWidth(), Is.EqualTo(HeadlessChromium.NarrowWindowSize.Width));
            Assert.That(_pages.ScrollsSideways(), Is.False, $"the overview scrolls sideways: {_pages.Widths()}");

            _pages.Open($"/orders/{_compensated.OrderId}");
            _pages.WaitFor("#timeline li.transition");
            Assert.That(_pages.ScrollsSideways(), Is.False, $"an order's page scrolls sideways: {_pages.Widths()}");

            _pages.Open("/orders");
            _pages.WaitFor("#orders tr[data-order-id]");
            Assert.That(_pages.ScrollsSideways(), Is.False, $"the orders list scrolls sideways: {_pages.Widths()}");

            _pages.Open("/errors");
            _pages.WaitFor("section.error-group tr[data-message-id]");
            Assert.That(_pages.ScrollsSideways(), Is.False, $"the errors page scrolls sideways: {_pages.Widths()}");
        }
        finally
        {
            browser.ResizeWindow(HeadlessChromium.DefaultWindowSize);
        }
    }

    [Test]
    public void No_page_shows_a_password_or_an_operator_token()
    {
        var databases = new[] { _system.Settings.OrchestratorDatabase, _system.Settings.PaymentDatabase, _system.Settings.InventoryDatabase, _system.Settings.ShippingDatabase };
        string[] secrets = [Servers.Rabbit.Password, _token, .. databases.Select(d => new NpgsqlConnectionStringBuilder(d).Password!).Distinct()];
        Assert.That(secrets, Has.All.Length.GreaterThan(8), "the secrets are long enough not to turn up by chance");
        _pages.SignIn(_token, OperatorName);

        foreach (var path in new[] { "/", "/orders", $"/orders/{_compensated.OrderId}", "/errors", "/actions", "/signin" })
        {
            _pages.Open(path);
            _browser!.WaitUntil(d => d.FindElement(By.CssSelector("main")), $"the page {path}");
            var html = _pages.Driver.PageSource;
            Assert.That(secrets.Where(secret => html.Contains(secret, StringComparison.Ordinal)), Is.Empty, $"a secret on {path}");
        }
    }

    /// <summary>A new order, charged and waiting for its reservation (no inventory participant runs).</summary>
    async Task<SubmitOrder> OrderAwaitingInventoryAsync()
    {
        var order = TestOrders.Valid();
        await _system.Submit(order);
        await _system.WaitForState(order.OrderId, "AwaitingInventory");
        return order;
    }

    /// <summary>
    /// A new order whose refund the payment participant refuses (its record no longer matches the saga's, see
    /// <see cref="CompensationFailureTests"/>): cancelled, it ends CompensationFailed and the refund goes to payment_error
    /// (waited for with <paramref name="untilInErrorQueue"/>: the broker reports a quorum queue's depth every few seconds).
    /// </summary>
    async Task<SubmitOrder> OrderInCompensationFailedAsync(bool untilInErrorQueue)
    {
        var order = await OrderAwaitingInventoryAsync();
        await using (var payment = _system.Payment())
            await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", Guid.NewGuid(), order.OrderId);

        var response = await _system.Cancel(order.OrderId, "changed my mind");
        Assert.That(response.Is(out MassTransit.Response<OrderCancellationAccepted>? _), Is.True, "the cancel was accepted");
        await _system.Client.Publish(new InventoryReleased(order.OrderId, null));
        await _system.WaitForState(order.OrderId, "CompensationFailed");
        if (untilInErrorQueue)
            await WaitForRefusedRefundAsync(order.OrderId);
        return order;
    }

    /// <summary>
    /// Waits until payment_error holds the refused refund of <paramref name="orderId"/>, read from the queue itself: the
    /// broker's message count lags behind on quorum queues, so a count taken before may miss an earlier test's refund.
    /// </summary>
    async Task WaitForRefusedRefundAsync(Guid orderId)
    {
        var settings = OperatorSystemSettings.For(_system);
        await using var connection = await Broker.ConnectAsync(settings, CancellationToken.None);
        await Poll.UntilAsync(async () =>
        {
            var queue = await ErrorQueueBrowser.BrowseAsync(connection, ErrorQueue, 200, CancellationToken.None);
            return queue.Messages.Any(m => m.ExceptionMessage?.Contains(orderId.ToString(), StringComparison.Ordinal) == true);
        }, $"{ErrorQueue} holds the refused refund of order {orderId}");
    }

    /// <summary>The operator's fix: the payment's record names the payment the saga holds again.</summary>
    async Task FixPaymentRecordAsync(Guid orderId)
    {
        var saga = await _system.Find(orderId);
        await using var payment = _system.Payment();
        await payment.Database.ExecuteSqlRawAsync("UPDATE payment_records SET payment_id = {0} WHERE order_id = {1}", saga!.PaymentId!.Value, orderId);
    }

    ReadOnlyCollection<IWebElement> PaymentErrorGroups() =>
        _pages.Driver.FindElements(By.CssSelector($"section.error-group[data-queue='{ErrorQueue}']"));

    /// <summary>The transitions whose <c>.event</c> on the page does not name the event saga_history recorded.</summary>
    List<string> EventsNotShown(List<(string From, string To, string Event)> history)
    {
        var shown = _pages.Driver.FindElements(By.CssSelector("#timeline li.transition .event")).Select(e => e.Text).ToList();
        return [.. history.Select((transition, i) => (transition, text: i < shown.Count ? shown[i] : "(none)"))
            .Where(t => !t.text.Contains(t.transition.Event, StringComparison.Ordinal))
            .Select(t => $"{t.transition.From} -> {t.transition.To}: expected {t.transition.Event}, shown '{t.text}'")];
    }

    string LastRefreshed()
    {
        var element = _pages.WaitFor("#last-refreshed");
        return $"{element.Text}|{element.GetAttribute("datetime")}";
    }

    /// <summary>The states that have orders, by name: what the page and SQL are compared on (a page may also list empty states).</summary>
    static SortedDictionary<string, long> Counted(IReadOnlyDictionary<string, long> counts) =>
        new(counts.Where(c => c.Value > 0).ToDictionary(), StringComparer.Ordinal);

    async Task<SortedDictionary<string, long>> StateCountsInSql()
    {
        await using var connection = new NpgsqlConnection(_system.Settings.OrchestratorDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT state, COUNT(*) FROM saga_overview GROUP BY state", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
            counts[reader.GetString(0)] = reader.GetInt64(1);
        return counts;
    }

    async Task<List<Guid>> OrderIdsInSql(string state)
    {
        await using var connection = new NpgsqlConnection(_system.Settings.OrchestratorDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT order_id FROM saga_overview WHERE state = @state", connection);
        command.Parameters.AddWithValue("state", state);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
            ids.Add(reader.GetGuid(0));
        return ids;
    }

    async Task<List<(string From, string To, string Event)>> HistoryInSql(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(_system.Settings.OrchestratorDatabase);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT from_state, to_state, event FROM saga_history WHERE order_id = @order_id ORDER BY transition_id", connection);
        command.Parameters.AddWithValue("order_id", orderId);
        await using var reader = await command.ExecuteReaderAsync();
        var history = new List<(string, string, string)>();
        while (await reader.ReadAsync())
            history.Add((reader.IsDBNull(0) ? "" : reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? "" : reader.GetString(2)));
        return history;
    }
}
