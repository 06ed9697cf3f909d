using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Saga.Cli;
using Saga.OperatorConsole.Hosting;
using Saga.OperatorConsole.Tests.Support;

namespace Saga.OperatorConsole.Tests;

public sealed class SecurityTests
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
    public async Task Every_page_carries_a_policy_that_allows_only_the_consoles_own_script_and_no_framing()
    {
        using var response = await _console.Client.GetAsync(new Uri("/", UriKind.Relative));
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(policy, Does.Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.Not.Contain("unsafe-inline"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(html, Does.Contain("<script src=\"/assets/console.js\" defer></script>"));
            Assert.That(html.Split("<script").Length - 1, Is.EqualTo(1), "no inline script");
        });
    }

    [Test]
    public async Task On_loopback_a_page_asked_for_under_another_host_name_is_refused()
    {
        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        foreign.Headers.Host = "rebound.example";
        using var local = new HttpRequestMessage(HttpMethod.Get, new Uri("/", UriKind.Relative));
        local.Headers.Host = $"localhost:{_console.Address.Port}";

        using var refused = await _console.Client.SendAsync(foreign);
        using var served = await _console.Client.SendAsync(local);

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a name made to resolve to 127.0.0.1 (DNS rebinding)");
            Assert.That(served.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task The_script_and_stylesheet_are_served_from_the_assembly()
    {
        using var script = await _console.Client.GetAsync(new Uri("/assets/console.js", UriKind.Relative));
        using var style = await _console.Client.GetAsync(new Uri("/assets/console.css", UriKind.Relative));
        using var missing = await _console.Client.GetAsync(new Uri("/assets/other.js", UriKind.Relative));

        Assert.Multiple(async () =>
        {
            Assert.That(script.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
            Assert.That(await script.Content.ReadAsStringAsync(), Does.Contain("EventSource"));
            Assert.That(style.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task No_page_shows_a_password_or_a_token_signed_in_or_not()
    {
        string[] paths = ["/", "/orders", $"/orders/{_database.CompensationFailed}", "/errors", "/signin", "/actions", $"/orders/{_database.Stuck}/cancel"];
        var anonymous = new List<string>();
        foreach (var path in paths.Where(p => !p.EndsWith("/cancel", StringComparison.Ordinal)))
            anonymous.Add(await _console.GetPageAsync(path));

        using var client = _console.NewClient();
        var signedIn = new List<string>();
        await SignInAsync(_console, client);
        foreach (var path in paths.Where(p => p != "/signin"))
            signedIn.Add(await (await client.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync());

        var pages = string.Join("\n", anonymous.Concat(signedIn));
        Assert.Multiple(() =>
        {
            Assert.That(pages, Does.Not.Contain(ConsoleServer.BrokerPassword));
            Assert.That(pages, Does.Not.Contain(ConsoleServer.DatabasePassword));
            Assert.That(pages, Does.Not.Contain(ConsoleServer.OperatorToken));
            Assert.That(pages, Does.Contain("host=127.0.0.1;port=1;database=payment"), "a database is named by its description");
            Assert.That(pages, Does.Contain("id=\"operator-name\">alice<"), "the signed-in pages were rendered");
        });
    }

    [Test]
    public async Task A_wrong_token_is_refused_and_the_right_one_signs_the_operator_in_with_a_strict_http_only_cookie()
    {
        using var client = _console.NewClient();
        using var wrong = await _console.PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = "not-alices-token-at-all" }, client);
        var refused = await wrong.Content.ReadAsStringAsync();
        using var right = await _console.PostFormAsync("/signin",
            new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken, ["ReturnUrl"] = "/orders" }, client);
        var cookie = right.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Single(c => c.StartsWith("saga-console-operator=", StringComparison.Ordinal)) : "";
        var page = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(refused, Does.Contain("id=\"signin-error\""));
            Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(right.Headers.Location?.OriginalString, Does.EndWith("/orders"));
            Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("samesite=strict").IgnoreCase);
            Assert.That(page, Does.Contain("<strong id=\"operator-name\">alice</strong>"));
        });
    }

    [Test]
    public async Task Sign_in_never_sends_the_operator_to_another_site()
    {
        using var client = _console.NewClient();
        using var response = await _console.PostFormAsync("/signin",
            new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken, ["ReturnUrl"] = "//evil.example/" }, client);
        Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo("/").Or.EqualTo(new Uri(_console.Address, "/").ToString()));
    }

    [Test]
    public async Task A_sign_in_post_without_the_anti_forgery_token_is_refused()
    {
        using var client = _console.NewClient();
        using var response = await client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["_handler"] = "signin", ["Token"] = ConsoleServer.OperatorToken }));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("saga-console-operator=", StringComparison.Ordinal)),
                Is.False, "no operator cookie");
        });
    }

    [Test]
    public async Task Signing_out_takes_a_form_post_with_its_anti_forgery_token_and_a_link_or_a_bare_post_does_nothing()
    {
        using var client = _console.NewClient();
        using (await _console.PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken, ["ReturnUrl"] = "/" }, client))
        {
        }

        using var link = await client.GetAsync(new Uri("/signout", UriKind.Relative));
        using var bare = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>()));
        var stillSignedIn = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        var page = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        using var signOut = await client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = ConsoleServer.AntiforgeryToken(page) }));
        var afterwards = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(link.IsSuccessStatusCode || link.StatusCode == HttpStatusCode.Redirect, Is.False, $"GET /signout answered {link.StatusCode}");
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stillSignedIn, Does.Contain("id=\"operator-name\">alice<"), "neither signed the operator out");
            Assert.That(page, Does.Contain("action=\"/signout\""), "the layout's sign-out form");
            Assert.That(signOut.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(afterwards, Does.Not.Contain("id=\"operator-name\""), "signed out");
        });
    }

    [Test]
    public void The_console_refuses_to_start_on_a_non_loopback_address_without_operators()
    {
        var settings = ConsoleServer.Settings(_database);
        settings.Remove($"Console:Operators:{ConsoleServer.OperatorName}");
        settings["Console:Url"] = "http://0.0.0.0:0";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var refusal = Assert.ThrowsAsync<OptionsValidationException>(() => OperatorConsoleHost.StartAsync(configuration));
        Assert.That(refusal!.Message, Does.Contain("not a loopback address").And.Contain("Console:Operators"));
    }

    [Test]
    public async Task On_a_non_loopback_address_every_page_needs_an_operator()
    {
        var settings = ConsoleServer.Settings(_database);
        settings["Console:Url"] = "http://0.0.0.0:0";
        await using var console = await ConsoleServer.StartAsync(settings);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{console.Address.Port}/"),
        };

        using var overview = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var live = await client.GetAsync(new Uri("/overview/live", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var signIn = await client.GetAsync(new Uri("/signin", UriKind.Relative));
        using var style = await client.GetAsync(new Uri("/assets/console.css", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That(overview.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(overview.Headers.Location?.OriginalString, Does.Contain("/signin?ReturnUrl="));
            Assert.That(live.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(signIn.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(style.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Saga_console_refuses_a_non_loopback_url_without_operators_with_exit_code_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await SagaCli.RunAsync(["console", "--url", "http://0.0.0.0:0"], output, error);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2));
            Assert.That(error.ToString(), Does.StartWith("saga: invalid setting:").And.Contain("not a loopback address").And.Contain("Console:Operators"));
            Assert.That(output.ToString(), Does.Not.Contain("listening"));
        });
    }

    static async Task SignInAsync(ConsoleServer console, HttpClient client)
    {
        using var response = await console.PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = ConsoleServer.OperatorToken }, client);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }
}
