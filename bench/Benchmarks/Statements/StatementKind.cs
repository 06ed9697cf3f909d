using System.Text.RegularExpressions;

namespace Saga.Benchmarks.Statements;

/// <summary>
/// What one logged statement is, in the words of the statement-kinds table: a transaction statement (BEGIN, COMMIT,
/// SAVEPOINT…), Npgsql's connection reset, or a verb and the table it works on (<c>INSERT outbox_messages</c>).
/// </summary>
public static partial class StatementKind
{
    /// <summary>The kind of every statement in <paramref name="text"/>, a simple query's text possibly holding several.</summary>
    public static IEnumerable<string> Of(string text)
    {
        var trimmed = text.TrimStart();

        // Npgsql resets a pooled connection when it is opened again, in one query of several statements.
        if (trimmed.StartsWith("SET SESSION AUTHORIZATION DEFAULT", StringComparison.OrdinalIgnoreCase) ||
            trimmed.StartsWith("DISCARD ALL", StringComparison.OrdinalIgnoreCase))
        {
            yield return "connection reset";
            yield break;
        }

        foreach (var statement in Split(trimmed))
            yield return OfOne(statement);
    }

    static string OfOne(string statement)
    {
        var verb = FirstWord(statement);
        switch (verb)
        {
            case "BEGIN" or "START":
                return "BEGIN";
            case "COMMIT" or "END":
                return "COMMIT";
            case "ROLLBACK":
                return RollbackTo().IsMatch(statement) ? "ROLLBACK TO SAVEPOINT" : "ROLLBACK";
            case "SAVEPOINT":
                return "SAVEPOINT";
            case "RELEASE":
                return "RELEASE SAVEPOINT";
            case "INSERT" or "UPDATE" or "DELETE" or "MERGE":
                return Modification().Match(statement) is { Success: true } m ? $"{verb} {Table(m.Groups["table"].Value)}" : verb;
            case "WITH":
                // A common table expression: named by the statement's modification if it has one, else as a query.
                return Modification().Match(statement) is { Success: true } w
                    ? $"WITH … {FirstWord(w.Groups["verb"].Value)} {Table(w.Groups["table"].Value)}"
                    : Select(statement);
            case "SELECT":
                return Select(statement);
            default:
                return verb;
        }
    }

    static string Select(string statement) =>
        From().Match(statement) is { Success: true } m ? $"SELECT {Table(m.Groups["table"].Value)}" : "SELECT (no table)";

    static string FirstWord(string statement)
    {
        var end = 0;
        while (end < statement.Length && char.IsAsciiLetter(statement[end]))
            end++;
        return end == 0 ? "(other)" : statement[..end].ToUpperInvariant();
    }

    static string Table(string name) => name.Replace("\"", "", StringComparison.Ordinal);

    /// <summary>Splits on semicolons outside quotes; empty statements are dropped.</summary>
    static IEnumerable<string> Split(string text)
    {
        var start = 0;
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ';')
            {
                if (text[start..i].Trim() is { Length: > 0 } part)
                    yield return part;
                start = i + 1;
            }
        }

        if (text[start..].Trim() is { Length: > 0 } last)
            yield return last;
    }

    [GeneratedRegex(@"^ROLLBACK\s+TO\b", RegexOptions.IgnoreCase)]
    private static partial Regex RollbackTo();

    [GeneratedRegex(@"(?<!\bFOR\s+)\b(?<verb>INSERT\s+INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO)\s+(ONLY\s+)?(?<table>""[^""]+""(\.""[^""]+"")?|[\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Modification();

    [GeneratedRegex(@"\bFROM\s+(ONLY\s+)?(?<table>""[^""]+""(\.""[^""]+"")?|[\w.]+)", RegexOptions.IgnoreCase)]
    private static partial Regex From();
}
