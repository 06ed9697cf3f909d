using System.Text.RegularExpressions;
using Saga.TestInfrastructure;

namespace Saga.Deployment.Tests;

/// <summary>
/// <c>deploy/sql/sqlserver/create-users.sql</c> without a SQL Server (none runs on these machines): its sqlcmd batches,
/// its variables and its grants. That the SQL Server migrations create everything in the schema these grants cover is
/// checked next to the migrations (Integration.Tests, <c>SqlServerSagaSchemaTests</c>); the PostgreSQL script runs for
/// real in Integration.Tests' <c>LeastPrivilegeDeploymentTests</c>.
/// </summary>
public sealed partial class SqlServerScriptTests
{
    static readonly string[] Databases = ["orchestrator", "payment", "inventory", "shipping"];
    static readonly string[] PasswordVariables =
        ["SAGA_MIGRATOR_PASSWORD", "SAGA_ORCHESTRATOR_PASSWORD", "SAGA_PAYMENT_PASSWORD", "SAGA_INVENTORY_PASSWORD", "SAGA_SHIPPING_PASSWORD"];

    static string ScriptText => File.ReadAllText(DeployFiles.Path("sql/sqlserver/create-users.sql"));

    /// <summary>The script's batches as sqlcmd splits them: at lines holding only GO.</summary>
    static List<string> Batches() =>
        GoLine().Split(ScriptText).Select(batch => batch.Trim()).Where(batch => batch.Length > 0).ToList();

    /// <summary>A batch without its comment lines.</summary>
    static string Code(string batch) =>
        string.Join('\n', batch.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim();

    [Test]
    public void Every_batch_holds_a_statement_and_CREATE_SCHEMA_runs_in_a_batch_of_its_own()
    {
        var batches = Batches();

        Assert.That(batches, Has.Count.GreaterThan(Databases.Length * 2));
        Assert.Multiple(() =>
        {
            foreach (var batch in batches)
            {
                var code = Code(batch);
                Assert.That(code.Trim(), Is.Not.Empty, batch);
                Assert.That(code.Count(c => c == '['), Is.EqualTo(code.Count(c => c == ']')), batch);
                Assert.That(code.Count(c => c == '\''), Is.Even, batch);
                // CREATE SCHEMA must be the first statement of a batch: here it only ever runs through EXEC.
                Assert.That(Regex.IsMatch(code, @"(?<!N')CREATE SCHEMA", RegexOptions.None, TimeSpan.FromSeconds(1)), Is.False, batch);
            }
        });
    }

    [Test]
    public void Passwords_are_sqlcmd_variables_and_only_these()
    {
        var used = SqlcmdVariable().Matches(ScriptText).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.That(used, Is.EquivalentTo(PasswordVariables));
    }

    [TestCase("orchestrator", "saga_orchestrator")]
    [TestCase("payment", "saga_payment")]
    [TestCase("inventory", "saga_inventory")]
    [TestCase("shipping", "saga_shipping")]
    public void Each_database_gets_its_schema_owned_by_the_migrator_and_DML_for_its_runtime_user_only(string database, string runtimeUser)
    {
        var batches = Batches().Select(Code).ToList();
        var start = batches.FindIndex(b => b == $"USE [{database}];");
        Assert.That(start, Is.GreaterThan(0), $"USE [{database}]");
        var block = string.Join('\n', batches.Skip(start + 1).TakeWhile(b => !b.StartsWith("USE ", StringComparison.Ordinal)));

        Assert.Multiple(() =>
        {
            Assert.That(ScriptText, Does.Contain($"IF DB_ID(N'{database}') IS NULL CREATE DATABASE [{database}];"));
            Assert.That(block, Does.Contain("CREATE SCHEMA [saga] AUTHORIZATION [saga_migrator]"));
            Assert.That(block, Does.Contain("ALTER AUTHORIZATION ON SCHEMA::[saga] TO [saga_migrator];"));
            Assert.That(block, Does.Contain($"GRANT SELECT, INSERT, UPDATE, DELETE ON SCHEMA::[saga] TO [{runtimeUser}];"));
            Assert.That(block, Does.Contain("GRANT SELECT ON SCHEMA::[saga] TO [saga_readonly];"));
            // The operators who act get the orchestrator database's reads and the audit table's INSERT, nothing elsewhere.
            string[] principals = database == "orchestrator"
                ? ["saga_migrator", runtimeUser, "saga_readonly", "saga_operator"]
                : ["saga_migrator", runtimeUser, "saga_readonly"];
            Assert.That(GrantTo().Matches(block).Select(m => m.Groups[1].Value).ToHashSet(),
                Is.EquivalentTo(principals), "no other principal gets anything here");
            Assert.That(block, Does.Not.Contain("db_owner").And.Not.Contain("db_ddladmin").And.Not.Contain("CONTROL"));
        });
    }

    [Test]
    public void The_operator_role_reads_the_orchestrator_database_and_inserts_only_into_the_audit_table()
    {
        var batches = Batches().Select(Code).ToList();
        var start = batches.FindIndex(b => b == "USE [orchestrator];");
        var block = string.Join('\n', batches.Skip(start + 1).TakeWhile(b => !b.StartsWith("USE ", StringComparison.Ordinal)));
        var elsewhere = string.Join('\n', batches.Take(start + 1).Concat(batches.Skip(start + 1).SkipWhile(b => !b.StartsWith("USE ", StringComparison.Ordinal))));

        Assert.Multiple(() =>
        {
            Assert.That(block, Does.Contain("IF DATABASE_PRINCIPAL_ID(N'saga_operator') IS NULL CREATE ROLE [saga_operator];"));
            Assert.That(block, Does.Contain("GRANT SELECT ON SCHEMA::[saga] TO [saga_operator];"));
            Assert.That(block, Does.Contain("EXEC (N'GRANT INSERT ON OBJECT::[saga].[operator_actions] TO [saga_operator]');"));
            Assert.That(Regex.Matches(block, @"GRANT [A-Z, ]+ ON [^\n]+ TO \[saga_operator\]", RegexOptions.None, TimeSpan.FromSeconds(1))
                    .Select(m => m.Value),
                Is.EquivalentTo(new[]
                {
                    "GRANT SELECT ON SCHEMA::[saga] TO [saga_operator]",
                    "GRANT INSERT ON OBJECT::[saga].[operator_actions] TO [saga_operator]",
                }));
            Assert.That(elsewhere, Does.Not.Contain("saga_operator"));
        });
    }

    [Test]
    public void The_compose_file_connects_with_the_logins_the_script_creates()
    {
        var compose = File.ReadAllText(DeployFiles.Path("docker/docker-compose.yml"));
        var logins = LoginInConnectionString().Matches(compose).Select(m => (Database: m.Groups[1].Value, User: m.Groups[2].Value)).ToHashSet();

        Assert.That(logins, Is.EquivalentTo(new[]
        {
            ("orchestrator", "saga_orchestrator"), ("payment", "saga_payment"), ("inventory", "saga_inventory"), ("shipping", "saga_shipping"),
            ("orchestrator", "saga_migrator"), ("payment", "saga_migrator"), ("inventory", "saga_migrator"), ("shipping", "saga_migrator"),
        }));
        foreach (var (_, user) in logins)
            Assert.That(ScriptText, Does.Contain($"CREATE LOGIN [{user}]"), user);
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline)]
    private static partial Regex GoLine();

    [GeneratedRegex(@"\$\(([A-Za-z0-9_]+)\)")]
    private static partial Regex SqlcmdVariable();

    [GeneratedRegex(@"GRANT [A-Z ,:\[\]a-z_]+? TO \[([a-z_]+)\]")]
    private static partial Regex GrantTo();

    [GeneratedRegex(@"Database=([a-z]+);User Id=([a-z_]+);")]
    private static partial Regex LoginInConnectionString();
}
