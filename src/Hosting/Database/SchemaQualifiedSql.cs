using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace Saga.Hosting.Database;

/// <summary>
/// Raw SQL in a migration that names tables and views the way the configured schema puts them. EF Core cannot rewrite a
/// <see cref="SqlOperation"/>, so the migration writes its SQL as a function of a name writer: as generated, names stay
/// unqualified and unquoted (valid on every provider, and what a migration without a schema always produced); once
/// <see cref="SchemaMigrationsAssembly"/> moves the migration into a schema, the SQL is written again with every name
/// qualified and delimited by the provider, as the tables the migrations create are.
/// </summary>
public static class SchemaQualifiedSql
{
    // Operation annotations of a migration are never persisted or generated as SQL; this one only carries the function.
    const string AnnotationName = "Saga:SchemaQualifiedSql";

    /// <summary>
    /// Adds raw SQL whose table and view names follow the schema. <paramref name="sql"/> gets a function that writes a
    /// name (such as <c>order_sagas</c>) as the statement must name it.
    /// </summary>
    public static OperationBuilder<SqlOperation> SqlInSchema(this MigrationBuilder migrationBuilder, Func<Func<string, string>, string> sql)
    {
        ArgumentNullException.ThrowIfNull(migrationBuilder);
        ArgumentNullException.ThrowIfNull(sql);
        return migrationBuilder.Sql(sql(name => name)).Annotation(AnnotationName, sql);
    }

    /// <summary>Writes the SQL of an operation added by <see cref="SqlInSchema"/> again with <paramref name="name"/>; other operations are left alone.</summary>
    public static void Apply(MigrationOperation operation, Func<string, string> name)
    {
        if (operation is SqlOperation sqlOperation && sqlOperation[AnnotationName] is Func<Func<string, string>, string> sql)
            sqlOperation.Sql = sql(name);
    }
}
