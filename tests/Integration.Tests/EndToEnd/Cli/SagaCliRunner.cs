using System.Text.Json.Nodes;
using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Support;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>
/// Runs the <c>saga</c> tool in this process through its real entry point, against one saga system: its settings go in a
/// settings file as an operator would pass the orchestrator's appsettings.json (<c>--settings</c>), the password included.
/// </summary>
public sealed class SagaCliRunner : IDisposable
{
    readonly string _settingsFile = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.json");

    public SagaCliRunner(SagaSystemSettings settings)
    {
        var flat = settings.Configuration()
            .Where(setting => setting.Key.StartsWith("Saga:Transport:", StringComparison.Ordinal) || setting.Key.StartsWith("Orchestrator:Database:", StringComparison.Ordinal))
            .Append(new KeyValuePair<string, string?>("Saga:Transport:RabbitMq:Password", Servers.Rabbit.Password));
        File.WriteAllText(_settingsFile, Nest(flat).ToJsonString());
    }

    public async Task<CliRun> RunAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await SagaCli.RunAsync([.. args, "--settings", _settingsFile], output, error);
        return Logged(args, new CliRun(exitCode, output.ToString(), error.ToString()));
    }

    /// <summary>Runs the tool without the settings file: only what <paramref name="args"/> say.</summary>
    public static async Task<CliRun> RunBareAsync(params string[] args)
    {
        await using var output = new StringWriter();
        await using var error = new StringWriter();
        var exitCode = await SagaCli.RunAsync(args, output, error);
        return Logged(args, new CliRun(exitCode, output.ToString(), error.ToString()));
    }

    // Every run in the test's output, as an operator would have seen it.
    static CliRun Logged(string[] args, CliRun run)
    {
        TestContext.Out.WriteLine($"$ saga {string.Join(' ', args)}\n{run}");
        return run;
    }

    // "A:B:C" = v becomes { "A": { "B": { "C": v } } }, the JSON shape of appsettings.json.
    internal static JsonObject Nest(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
                node = (JsonObject)(node[part] ??= new JsonObject());
            node[parts[^1]] = value;
        }

        return root;
    }

    public void Dispose() => File.Delete(_settingsFile);
}
