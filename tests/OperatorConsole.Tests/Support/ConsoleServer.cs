using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Saga.OperatorConsole.Configuration;
using Saga.OperatorConsole.Hosting;

namespace Saga.OperatorConsole.Tests.Support;

/// <summary>
/// The console on a real Kestrel loopback port (port 0: Kestrel picks one), over <see cref="OrchestratorDatabase"/>, with
/// a broker address where nothing listens (the error queues then say so), an operator, and secrets to look for in pages.
/// </summary>
public sealed partial class ConsoleServer : IAsyncDisposable
{
    public const string OperatorName = "alice";
    public const string OperatorToken = "alice-token-0123456789abcdef";
    public const string BrokerPassword = "broker-secret-5c1a9d";
    public const string DatabasePassword = "database-secret-77e2";

    readonly RunningConsole _console;

    ConsoleServer(RunningConsole console)
    {
        _console = console;
        Client = NewClient();
    }

    public Uri Address => _console.Address;

    public IServiceProvider Services => _console.Services;

    /// <summary>A client that keeps cookies and does not follow redirects, so that tests see them.</summary>
    public HttpClient Client { get; }

    public static Dictionary<string, string?> Settings(OrchestratorDatabase database, bool actions = false) => new()
    {
        ["Orchestrator:Database:Provider"] = "Sqlite",
        ["Orchestrator:Database:ConnectionString"] = database.ConnectionString,
        // A participant's database with a password in its connection string: the page must name it without the password.
        ["Participants:Payment:Database:Provider"] = "PostgreSql",
        ["Participants:Payment:Database:ConnectionString"] = $"Host=127.0.0.1;Port=1;Database=payment;Username=saga;Password={DatabasePassword};Timeout=1",
        ["Saga:Transport:RabbitMq:Host"] = "127.0.0.1",
        ["Saga:Transport:RabbitMq:Port"] = "1",
        ["Saga:Transport:RabbitMq:Username"] = "saga",
        ["Saga:Transport:RabbitMq:Password"] = BrokerPassword,
        ["Console:Url"] = "http://127.0.0.1:0",
        ["Console:ActionsEnabled"] = actions ? "true" : "false",
        [$"Console:Operators:{OperatorName}"] = OperatorToken,
    };

    public static async Task<ConsoleServer> StartAsync(IDictionary<string, string?> settings, Action<OperatorConsoleOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ConsoleServer(await OperatorConsoleHost.StartAsync(configuration, configure));
    }

    public HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
    {
        BaseAddress = Address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<string> GetPageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), $"GET {path}: {body}");
        return body;
    }

    /// <summary>Posts the page's form with its anti-forgery token and the given fields, as a browser would.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields, HttpClient? client = null)
    {
        client ??= Client;
        using var page = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(html),
            ["_handler"] = FormHandler(html),
        };
        return await client.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    public async Task SignInAsync()
    {
        using var response = await PostFormAsync("/signin", new Dictionary<string, string> { ["Token"] = OperatorToken, ["ReturnUrl"] = "/" });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    public static string AntiforgeryToken(string html) => AntiforgeryField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new AssertionException("the page has no anti-forgery token");

    static string FormHandler(string html) => HandlerField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : "";

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [GeneratedRegex("name=\"_handler\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex HandlerField();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _console.DisposeAsync();
    }
}
