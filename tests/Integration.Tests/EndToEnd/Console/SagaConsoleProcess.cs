using System.Globalization;
using Saga.Integration.Tests.EndToEnd.Cli;
using Saga.Integration.Tests.EndToEnd.Support;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.EndToEnd.Console;

/// <summary>
/// <c>saga console</c> as an operator runs it: the built tool (<c>dotnet Saga.Cli.dll console --url … --actions
/// --settings …</c>) as its own OS process, with one saga system's settings in a settings file (the orchestrator's and the
/// participants' databases, for the outbox backlog) and the operators' tokens in the environment.
/// </summary>
public sealed class SagaConsoleProcess : IAsyncDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    readonly ServiceProcess _process;
    readonly string _settingsFile;

    SagaConsoleProcess(ServiceProcess process, string settingsFile, Uri url)
    {
        _process = process;
        _settingsFile = settingsFile;
        Url = url;
    }

    /// <summary>The console's base address, <c>http://127.0.0.1:port/</c>.</summary>
    public Uri Url { get; }

    /// <summary>What the console wrote so far, for failure messages.</summary>
    public string Output => _process.Output;

    /// <summary>
    /// Starts the console with actions enabled and <paramref name="operators"/> (name → token) as its operators, plus
    /// <paramref name="extraEnvironment"/>, and returns once its URL answers.
    /// </summary>
    public static async Task<SagaConsoleProcess> StartAsync(SagaSystemSettings settings, IReadOnlyDictionary<string, string> operators,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, CancellationToken cancellationToken = default)
    {
        var settingsFile = Path.Combine(Path.GetTempPath(), $"saga-console-{Guid.NewGuid():N}.json");
        var all = settings.Configuration()
            .Append(new KeyValuePair<string, string?>("Saga:Transport:RabbitMq:Password", Servers.Rabbit.Password));
        await File.WriteAllTextAsync(settingsFile, SagaCliRunner.Nest(all).ToJsonString(), cancellationToken);

        var url = new Uri($"http://127.0.0.1:{FreeTcpPort.Find().ToString(CultureInfo.InvariantCulture)}/");
        var environment = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" };
        foreach (var (name, token) in operators)
            environment[$"Console__Operators__{name}"] = token;
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
            environment[key] = value;

        var start = ServiceProcess.StartInfo("Saga.Cli.dll", "console", new Dictionary<string, string?>(), environment);
        foreach (var argument in new[] { "--url", url.ToString().TrimEnd('/'), "--actions", "--settings", settingsFile })
            start.ArgumentList.Add(argument);

        var process = ServiceProcess.Launch(start, "saga console");
        var console = new SagaConsoleProcess(process, settingsFile, url);
        try
        {
            await console.WaitUntilAnsweringAsync(cancellationToken);
            return console;
        }
        catch
        {
            await console.DisposeAsync();
            throw;
        }
    }

    async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"saga console exited before it answered on {Url}:\n{Output}");
            try
            {
                using var response = await client.GetAsync(Url, cancellationToken);
                return; // Any answer: it listens and serves.
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening, but the first page took long (start-up); ask again.
            }

            if (DateTime.UtcNow >= deadline)
                throw new TimeoutException($"saga console did not answer on {Url} within {StartTimeout}:\n{Output}");
            await Task.Delay(100, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_settingsFile);
    }
}
