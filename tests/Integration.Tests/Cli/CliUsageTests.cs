using Saga.Cli;
using Saga.Integration.Tests.EndToEnd.Cli;

namespace Saga.Integration.Tests.Cli;

/// <summary>Command lines the tool refuses before connecting to anything: exit code 2 and a line saying what is wrong.</summary>
public sealed class CliUsageTests
{
    [TestCase(new string[0], "Required command")]
    [TestCase(new[] { "submit", "--customer", "CUST-1001" }, "missing --currency, --item, --ship-to")]
    [TestCase(new[] { "submit", "--file", "order.json", "--customer", "CUST-1001" }, "--file cannot be combined with --customer")]
    [TestCase(new[] { "submit", "--customer", "C", "--currency", "EUR", "--item", "SKU-1:two:1.00", "--ship-to", "a", "b", "c", "DE" }, "quantity 'two'")]
    [TestCase(new[] { "submit", "--customer", "C", "--currency", "EUR", "--item", "SKU-1:1:1.00", "--ship-to", "a", "b", "c" }, "--ship-to")]
    [TestCase(new[] { "list", "--older-than", "5x" }, "'5x' is not a duration")]
    [TestCase(new[] { "list", "--page", "0" }, "--page must be between")]
    [TestCase(new[] { "list", "--page-size", "5000" }, "--page-size must be between")]
    [TestCase(new[] { "status", "not-a-guid" }, "not-a-guid")]
    [TestCase(new[] { "errors", "move", "order-saga" }, "either --message-id ID or --all")]
    [TestCase(new[] { "errors", "move", "order-saga", "--all", "--message-id", "x" }, "either --message-id ID or --all")]
    [TestCase(new[] { "stats", "--minutes", "0" }, "--minutes must be between")]
    [TestCase(new[] { "list", "--provider", "Oracle" }, "Oracle")]
    public async Task A_bad_command_line_exits_2_and_says_why(string[] args, string expected)
    {
        var run = await SagaCliRunner.RunBareAsync(args);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain(expected), run.ToString());
    }

    [Test]
    public async Task A_missing_settings_file_exits_2()
    {
        var run = await SagaCliRunner.RunBareAsync("list", "--settings", "/nonexistent/appsettings.json");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain("settings file /nonexistent/appsettings.json not found"));
    }

    [Test]
    public async Task Settings_for_the_in_memory_transport_are_refused_for_broker_commands()
    {
        var file = Path.Combine(Path.GetTempPath(), $"saga-cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "Saga": { "Transport": { "Kind": "InMemory" } } }""");
        try
        {
            var run = await SagaCliRunner.RunBareAsync("cancel", Guid.NewGuid().ToString(), "--settings", file);

            Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
            Assert.That(run.Error, Does.Contain("Saga:Transport:Kind is InMemory"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task An_invalid_schema_setting_exits_2()
    {
        var run = await SagaCliRunner.RunBareAsync("list", "--provider", "PostgreSql", "--connection-string", "Host=x", "--schema", "a;drop");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Usage), run.ToString());
        Assert.That(run.Error, Does.Contain("Orchestrator:Database:Schema 'a;drop'"));
    }

    [Test]
    public async Task Help_lists_every_command_and_exits_0()
    {
        var run = await SagaCliRunner.RunBareAsync("--help");

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok));
        foreach (var command in new[] { "submit", "status", "list", "stats", "cancel", "retry", "errors" })
            Assert.That(run.Output, Does.Contain($"  {command}"));
    }
}
