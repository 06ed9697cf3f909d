using System.Net;
using System.Text.RegularExpressions;
using Saga.Cli;
using Saga.OperatorConsole.Tests.Support;

namespace Saga.OperatorConsole.Tests;

/// <summary><c>saga console</c> run in-process, as the CLI's own tests run the tool.</summary>
public sealed partial class SagaConsoleCommandTests
{
    [Test]
    public async Task Saga_console_prints_where_it_listens_serves_the_pages_and_stops_when_cancelled()
    {
        await using var database = await OrchestratorDatabase.CreateAsync(CancellationToken.None);
        var output = new LineWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();

        var run = SagaCli.RunAsync(
            ["console", "--url", "http://127.0.0.1:0", "--provider", "Sqlite", "--connection-string", database.ConnectionString, "--rabbitmq-port", "1"],
            output, error, stop.Token);
        var line = await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(30));
        var address = Listening().Match(line);
        Assert.That(address.Success, Is.True, line);

        using var client = new HttpClient { BaseAddress = new Uri(address.Groups[1].Value) };
        using var overview = await client.GetAsync(new Uri("/", UriKind.Relative));
        var html = await overview.Content.ReadAsStringAsync();
        await stop.CancelAsync();
        var exitCode = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.Contain("(read-only)"));
            Assert.That(overview.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(html, Does.Contain("tr data-state=\"Completed\""));
            Assert.That(exitCode, Is.Zero);
        });
    }

    [GeneratedRegex("^Saga console listening on (http://127\\.0\\.0\\.1:[0-9]+/)")]
    private static partial Regex Listening();

    /// <summary>An output that hands over its first line as soon as it is written.</summary>
    sealed class LineWriter : StringWriter
    {
        readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> FirstLine => _firstLine.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            _firstLine.TrySetResult(value ?? "");
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
