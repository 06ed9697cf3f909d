using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Saga.Integration.Tests.Migrations;
using Saga.Persistence.Dialects;
using Saga.TestInfrastructure;

namespace Saga.Integration.Tests.Schemas;

/// <summary>
/// The SQL Server migrations with <c>Database:Schema=saga</c> against <c>deploy/sql/sqlserver/create-users.sql</c>:
/// everything lands in <c>[saga]</c>, which the script's runtime users get DML on as a whole schema. The script itself is
/// checked in Deployment.Tests.
/// </summary>
public sealed partial class SqlServerSagaSchemaTests
{
    static IEnumerable<ProviderContext> SqlServerContexts() => ProviderContext.All().Where(c => c.Provider == DatabaseProvider.SqlServer);

    [TestCaseSource(nameof(SqlServerContexts))]
    public void The_migrations_create_everything_in_the_saga_schema_the_grants_cover(ProviderContext context)
    {
        using var db = context.InSchema("saga");
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var created = CreatedObject().Matches(script).Select(m => m.Groups[2].Value).ToList();
        Assert.That(created, Is.Not.Empty);
        Assert.That(created.Where(name => !name.StartsWith("[saga].", StringComparison.Ordinal)), Is.Empty,
            "every table and view is created in [saga], covered by GRANT ... ON SCHEMA::[saga]");
        Assert.That(File.ReadAllText(DeployFiles.Path("sql/sqlserver/create-users.sql")), Does.Contain($"USE [{context.Name}];"),
            "the script sets up this database");
    }

    [GeneratedRegex(@"CREATE (TABLE|VIEW) (\[[^\]]+\](\.\[[^\]]+\])?)")]
    private static partial Regex CreatedObject();
}
