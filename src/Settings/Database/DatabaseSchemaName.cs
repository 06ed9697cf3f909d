using System.Text.RegularExpressions;

namespace Saga.Settings.Database;

/// <summary>
/// What a schema setting may be: a plain identifier that needs no escaping on any provider and fits PostgreSQL's 63-byte
/// limit, so operators can write it in SQL as it is and it cannot smuggle anything into the generated statements.
/// </summary>
public static partial class DatabaseSchemaName
{
    public const int MaxLength = 63;

    public static bool IsValid(string schema) => schema.Length <= MaxLength && Identifier().IsMatch(schema);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}
