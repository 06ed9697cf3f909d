namespace Saga.Cli.Output;

/// <summary>
/// A plain-text table for people: a header, a rule, one line per row, columns as wide as their widest cell and two spaces
/// apart. Cells are single lines (line breaks become spaces) so that a row stays a row for grep.
/// </summary>
public sealed class Table(params Column[] columns)
{
    readonly List<string[]> _rows = [];

    public IReadOnlyList<Column> Columns { get; } = columns;

    public int RowCount => _rows.Count;

    public Table Add(params string?[] cells)
    {
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"a row needs {Columns.Count} cells, not {cells.Length}", nameof(cells));
        _rows.Add([.. cells.Select(Clean)]);
        return this;
    }

    public void Write(TextWriter output)
    {
        var widths = Columns.Select((column, i) => _rows.Select(row => row[i].Length).Append(column.Header.Length).Max()).ToArray();
        output.WriteLine(Line(Columns.Select(c => c.Header).ToArray(), widths));
        output.WriteLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
            output.WriteLine(Line(row, widths));
    }

    string Line(string[] cells, int[] widths)
    {
        var padded = cells.Select((cell, i) => Columns[i].AlignRight ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        return string.Join("  ", padded).TrimEnd();
    }

    static string Clean(string? cell) => (cell ?? "").ReplaceLineEndings(" ");
}
