using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Saga.Operations.Actions;
using Saga.OperatorConsole.Tests.Support;

namespace Saga.OperatorConsole.Tests;

/// <summary>
/// The action pages' confirmation flow and its guards. The broker is unreachable here, so an action that gets through
/// ends failed; the browser tests on RabbitMQ see them accepted. What matters here is what gets through, and that
/// every attempt that does is recorded under the operator's name.
/// </summary>
public sealed class ActionsTests
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

    Task<IReadOnlyList<OperatorActionRecord>> AuditAsync() =>
        _console.Services.GetRequiredService<OperatorActionLog>().RecentAsync(100, CancellationToken.None);

    [Test]
    public async Task An_action_page_without_sign_in_leads_to_the_sign_in_page()
    {
        using var client = _console.NewClient();
        using var response = await client.GetAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(Uri.UnescapeDataString(response.Headers.Location!.OriginalString), Does.Contain($"/signin?ReturnUrl=/orders/{_database.Stuck}/cancel"));
        });
    }

    [Test]
    public async Task A_cancel_post_without_the_operator_cookie_is_refused_and_does_nothing()
    {
        var before = (await AuditAsync()).Count;
        using var client = _console.NewClient();
        // A valid anti-forgery token for an anonymous visitor, from the sign-in page.
        var token = ConsoleServer.AntiforgeryToken(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));

        using var response = await client.PostAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["_handler"] = "cancel-order", ["__RequestVerificationToken"] = token, ["Reason"] = "no operator" }));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await AuditAsync(), Has.Count.EqualTo(before), "nothing was attempted");
        });
    }

    [Test]
    public async Task A_cancel_post_without_the_anti_forgery_token_is_refused_and_does_nothing()
    {
        var before = (await AuditAsync()).Count;
        using var client = _console.NewClient();
        await SignInAsync(client);

        using var response = await client.PostAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["_handler"] = "cancel-order", ["Reason"] = "forged" }));

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await AuditAsync(), Has.Count.EqualTo(before), "nothing was attempted");
        });
    }

    [Test]
    public async Task A_confirmed_cancellation_shows_its_outcome_and_is_recorded_under_the_operator()
    {
        using var client = _console.NewClient();
        await SignInAsync(client);
        var confirmation = await client.GetStringAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative));

        using var response = await _console.PostFormAsync($"/orders/{_database.Stuck}/cancel", new Dictionary<string, string> { ["Reason"] = "customer called" }, client);
        var result = await response.Content.ReadAsStringAsync();
        var audit = await AuditAsync();
        var log = await client.GetStringAsync(new Uri("/actions", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(confirmation, Does.Contain("<form id=\"confirm-action\"").And.Contain("id=\"confirm\"").And.Contain("<label for=\"reason\""));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), result);
            Assert.That(result, Does.Contain("id=\"action-result\" data-outcome=\"failed\"").And.Contain("cannot reach RabbitMQ"),
                "no broker here: the action could not be carried out, and says why");
            Assert.That(audit.Select(a => (a.Operator, a.Action, a.Target, a.Outcome)),
                Does.Contain((ConsoleServer.OperatorName, ActionNames.Cancel, _database.Stuck.ToString(), ActionOutcomes.Failed)));
            Assert.That(log, Does.Contain("id=\"operator-actions\"").And.Contain($"data-action-id=\"{audit[0].Id}\""));
        });
    }

    [Test]
    public async Task A_move_of_a_queue_that_is_not_an_error_queue_of_the_services_is_refused()
    {
        var before = (await AuditAsync()).Count;
        using var client = _console.NewClient();
        await SignInAsync(client);
        using var page = await client.GetAsync(new Uri("/errors/move?queue=some-other-queue", UriKind.Relative));
        // The confirmation of a real queue needs the broker, which is not here: the form is posted as a forger would.
        var token = ConsoleServer.AntiforgeryToken(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));
        using var post = await client.PostAsync(new Uri("/errors/move", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "move-errors", ["__RequestVerificationToken"] = token, ["PostedQueue"] = "some-other-queue", ["MessageIds"] = "abc",
        }));

        Assert.Multiple(async () =>
        {
            Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await post.Content.ReadAsStringAsync(), Does.Contain("Nothing to move"));
            Assert.That(await AuditAsync(), Has.Count.EqualTo(before));
        });
    }

    [Test]
    public async Task A_confirmed_move_reaches_the_action_and_is_recorded()
    {
        var queue = Data.ConsoleReader.ErrorQueues[0];
        using var client = _console.NewClient();
        await SignInAsync(client);
        var token = ConsoleServer.AntiforgeryToken(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));

        using var post = await client.PostAsync(new Uri($"/errors/move?queue={queue}", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "move-errors", ["__RequestVerificationToken"] = token, ["PostedQueue"] = queue, ["MessageIds"] = "m-1 m-2",
        }));
        var result = await post.Content.ReadAsStringAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.OK), result);
            Assert.That(result, Does.Contain("data-outcome=\"failed\""), "no broker here");
            Assert.That((await AuditAsync()).Select(a => (a.Operator, a.Action, a.Target)),
                Does.Contain((ConsoleServer.OperatorName, ActionNames.MoveErrors, queue)));
        });
    }

    [Test]
    public async Task With_actions_disabled_the_pages_offer_none_and_a_confirmed_post_does_nothing()
    {
        await using var console = await ConsoleServer.StartAsync(ConsoleServer.Settings(_database, actions: false));
        var before = (await AuditAsync()).Count;
        using var client = console.NewClient();
        using (var signIn = await console.PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken }, client))
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var order = await client.GetStringAsync(new Uri($"/orders/{_database.Stuck}", UriKind.Relative));
        using var confirmation = await client.GetAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative));
        var token = ConsoleServer.AntiforgeryToken(await client.GetStringAsync(new Uri("/signin", UriKind.Relative)));
        using var cancel = await client.PostAsync(new Uri($"/orders/{_database.Stuck}/cancel", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["_handler"] = "cancel-order", ["__RequestVerificationToken"] = token, ["Reason"] = "read-only" }));

        Assert.Multiple(async () =>
        {
            Assert.That(order, Does.Not.Contain("id=\"cancel-order\""));
            Assert.That(confirmation.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await confirmation.Content.ReadAsStringAsync(), Does.Contain("id=\"actions-disabled\"").And.Not.Contain("confirm-action"));
            // No confirmation form is rendered, so the form post has nothing to submit to.
            Assert.That(cancel.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest).Or.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await AuditAsync(), Has.Count.EqualTo(before), "nothing was attempted");
        });
    }

    async Task SignInAsync(HttpClient client)
    {
        using var response = await _console.PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken }, client);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }
}
