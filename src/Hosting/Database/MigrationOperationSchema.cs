using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Saga.Hosting.Database;

/// <summary>
/// Puts the operations of a migration generated without a schema into one: every table, column, key, index, constraint,
/// data change and sequence that names no schema gets <c>schema</c>, which is what EF Core would have generated for a
/// model with that default schema. Names with a schema of their own are left alone. <see cref="SqlOperation"/> is raw SQL
/// and cannot be rewritten here: a migration that needs one adds it with <see cref="SchemaQualifiedSql.SqlInSchema"/>.
/// </summary>
public static class MigrationOperationSchema
{
    public static void Apply(MigrationOperation operation, string schema)
    {
        switch (operation)
        {
            case CreateTableOperation table:
                table.Schema ??= schema;
                foreach (var column in table.Columns)
                    column.Schema ??= schema;
                if (table.PrimaryKey is { } primaryKey)
                    primaryKey.Schema ??= schema;
                foreach (var foreignKey in table.ForeignKeys)
                    Apply(foreignKey, schema);
                foreach (var unique in table.UniqueConstraints)
                    unique.Schema ??= schema;
                foreach (var check in table.CheckConstraints)
                    check.Schema ??= schema;
                break;
            case AlterTableOperation table:
                table.Schema ??= schema;
                table.OldTable.Schema ??= schema;
                break;
            case TableOperation table:
                table.Schema ??= schema;
                break;
            case AlterColumnOperation column:
                column.Schema ??= schema;
                column.OldColumn.Schema ??= schema;
                break;
            case ColumnOperation column:
                column.Schema ??= schema;
                break;
            case AddForeignKeyOperation foreignKey:
                foreignKey.Schema ??= schema;
                foreignKey.PrincipalSchema ??= schema;
                break;
            case AddPrimaryKeyOperation o:
                o.Schema ??= schema;
                break;
            case AddUniqueConstraintOperation o:
                o.Schema ??= schema;
                break;
            case AddCheckConstraintOperation o:
                o.Schema ??= schema;
                break;
            case CreateIndexOperation o:
                o.Schema ??= schema;
                break;
            case DropTableOperation o:
                o.Schema ??= schema;
                break;
            case DropColumnOperation o:
                o.Schema ??= schema;
                break;
            case DropPrimaryKeyOperation o:
                o.Schema ??= schema;
                break;
            case DropForeignKeyOperation o:
                o.Schema ??= schema;
                break;
            case DropUniqueConstraintOperation o:
                o.Schema ??= schema;
                break;
            case DropCheckConstraintOperation o:
                o.Schema ??= schema;
                break;
            case DropIndexOperation o:
                o.Schema ??= schema;
                break;
            // EF Core's differ always sets NewSchema to the target's schema; null there means the default schema, now this one.
            case RenameTableOperation o:
                o.Schema ??= schema;
                o.NewSchema ??= schema;
                break;
            case RenameColumnOperation o:
                o.Schema ??= schema;
                break;
            case RenameIndexOperation o:
                o.Schema ??= schema;
                break;
            case InsertDataOperation o:
                o.Schema ??= schema;
                break;
            case UpdateDataOperation o:
                o.Schema ??= schema;
                break;
            case DeleteDataOperation o:
                o.Schema ??= schema;
                break;
            case CreateSequenceOperation o:
                o.Schema ??= schema;
                break;
            case AlterSequenceOperation o:
                o.Schema ??= schema;
                break;
            case DropSequenceOperation o:
                o.Schema ??= schema;
                break;
            case RestartSequenceOperation o:
                o.Schema ??= schema;
                break;
            case RenameSequenceOperation o:
                o.Schema ??= schema;
                o.NewSchema ??= schema;
                break;
        }
    }
}
