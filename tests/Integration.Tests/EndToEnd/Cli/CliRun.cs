using System.Text.Json;

namespace Saga.Integration.Tests.EndToEnd.Cli;

/// <summary>One run of the <c>saga</c> tool: its exit code and what it wrote; printed whole when an assertion fails.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    /// <summary>The output as the single JSON document <c>--json</c> promises (parsing fails the test otherwise).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    public override string ToString() => $"exit code {ExitCode}\n--- output ---\n{Output}\n--- error ---\n{Error}";
}
