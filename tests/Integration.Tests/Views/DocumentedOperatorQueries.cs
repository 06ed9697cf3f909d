using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;

namespace Saga.Integration.Tests.Views;

/// <summary>
/// The operator queries docs/inspecting-sagas.md gives for one provider, read from that page itself so that what is
/// documented is what is tested, and what they must return for the sagas of <see cref="OperatorViewSagas"/>.
/// </summary>
public static partial class DocumentedOperatorQueries
{
    /// <summary>The order id the documented examples use.</summary>
    public const string ExampleOrderId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    /// <summary>The statements of the first <c>sql</c> block after the paragraph that starts with <paramref name="provider"/>.</summary>
    public static List<string> For(string provider)
    {
        var page = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "inspecting-sagas.md"));
        var section = page.IndexOf("## Operator views", StringComparison.Ordinal);
        var start = page.IndexOf($"\n{provider} (", section, StringComparison.Ordinal);
        Assert.That(section >= 0 && start >= 0, $"docs/inspecting-sagas.md has operator queries for {provider}");
        var block = SqlBlock().Match(page, start).Groups["sql"].Value;
        return block.Split(";\n").Select(s => Comment().Replace(s, "").Trim()).Where(s => s.Length > 0).ToList();
    }

    /// <summary>Runs the statements in the page's order and checks what each returns for the sagas written by <see cref="OperatorViewSagas.WriteAsync"/>.</summary>
    public static async Task AssertAnswersAsync(DbContext db, List<string> statements, Guid orderId, CancellationToken cancellationToken)
    {
        Assert.That(statements, Has.Count.EqualTo(6), "by id, history, a state's sagas, stuck, failures by kind and reason, completions per minute");
        var id = db.Database.IsNpgsql() ? orderId.ToString() : orderId.ToString().ToUpperInvariant();
        var results = new List<List<Dictionary<string, object?>>>();
        foreach (var statement in statements)
        {
            var sql = Regex.Replace(statement, ExampleOrderId, id, RegexOptions.IgnoreCase);
            results.Add((await OperatorViewSagas.QueryAsync(db, sql, cancellationToken)).Rows);
        }

        Assert.Multiple(() =>
        {
            Assert.That(results[0].Select(r => r["state"]), Is.EqualTo(new[] { "AwaitingPayment" }), "the saga by id");
            Assert.That(results[1], Has.Count.EqualTo(3), "its history");
            Assert.That(results[2].Select(r => r["state"]), Is.EqualTo(new[] { "CompensationFailed" }), "a state's sagas");
            Assert.That(results[3].Select(r => r["current_step"]), Is.EquivalentTo(new[] { "Payment", "FraudCheck", "Inventory", "Shipping", "Inventory" }),
                "stuck: the sagas in flight, idle for ten minutes");
            Assert.That(results[4].Select(r => (r["failure_kind"], r["failure_reason"], Count(r["sagas"]))),
                Is.EqualTo(new[] { ((object?)"TimedOut", (object?)"timeout", 2L) }), "failures by kind and reason: the compensated and the failed compensation");
            Assert.That(results[5].Select(r => Count(r["completions"])), Is.EqualTo(new[] { 1L }), "completions per minute");
        });
    }

    static long Count(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Saga.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Saga.sln not found above the test directory");
    }

    [GeneratedRegex(@"```sql\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    [GeneratedRegex(@"^--.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();
}
