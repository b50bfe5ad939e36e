using System.Globalization;
using System.Text;
using Eumentia.IO;

namespace Eumentia.Analysis;

/// <summary>
/// A CSV file held as text cells: an RFC-4180 reader (quoted fields, doubled quotes, commas and newlines
/// inside quotes, CRLF or LF, a UTF-8 byte-order mark) that remembers the line each record starts on, so
/// that an error can name the file, line and column. A small reader of our own rather than a package: what
/// the analysis needs is exact line numbers and messages, not type mapping.
/// </summary>
public sealed class CsvTable
{
    readonly Dictionary<string, int> columnIndex;

    /// <summary>Where the table came from (a path, or a name for tables built in memory); used in messages.</summary>
    public string Source { get; }
    public IReadOnlyList<string> Headers { get; }
    /// <summary>Data records, each as many cells as there are headers.</summary>
    public IReadOnlyList<string[]> Rows { get; }
    /// <summary>The 1-based line of the file on which each data record starts.</summary>
    public IReadOnlyList<int> Lines { get; }

    public CsvTable(string source, IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, IReadOnlyList<int> lines)
    {
        Source = source;
        Headers = headers;
        Rows = rows;
        Lines = lines;
        columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < headers.Count; i++)
            if (!columnIndex.TryAdd(headers[i], i))
                throw new UsageException($"{source}: line 1: column '{headers[i]}' appears twice in the header");
    }

    /// <summary>Reads a CSV file; a missing file or a malformed record is a <see cref="UsageException"/>.</summary>
    public static CsvTable Read(string path)
    {
        if (!File.Exists(path)) throw new UsageException($"{path}: no such file");
        return Parse(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in messages.</summary>
    public static CsvTable Parse(string text, string source)
    {
        var records = new List<(List<string> Cells, int Line)>();
        int pos = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int line = 1;
        while (pos < text.Length)
        {
            int startLine = line;
            var cells = new List<string>();
            var cell = new StringBuilder();
            bool endOfRecord = false;
            while (!endOfRecord)
            {
                cell.Clear();
                if (pos < text.Length && text[pos] == '"')
                {
                    pos++;
                    while (true)
                    {
                        if (pos >= text.Length)
                            throw new UsageException($"{source}: line {startLine}: a quoted field is never closed");
                        char c = text[pos++];
                        if (c == '"')
                        {
                            if (pos < text.Length && text[pos] == '"') { cell.Append('"'); pos++; }
                            else break;
                        }
                        else
                        {
                            if (c == '\n') line++;
                            cell.Append(c);
                        }
                    }
                    if (pos < text.Length && text[pos] is not (',' or '\r' or '\n'))
                        throw new UsageException($"{source}: line {line}: unexpected text after a closing quote in field {cells.Count + 1}");
                }
                else
                {
                    while (pos < text.Length && text[pos] is not (',' or '\r' or '\n')) cell.Append(text[pos++]);
                }
                cells.Add(cell.ToString());
                if (pos >= text.Length) endOfRecord = true;
                else if (text[pos] == ',') pos++;
                else
                {
                    if (text[pos] == '\r') pos++;
                    if (pos < text.Length && text[pos] == '\n') pos++;
                    line++;
                    endOfRecord = true;
                }
            }
            bool blank = cells.Count == 1 && cells[0].Trim().Length == 0;
            if (!blank) records.Add((cells, startLine));
        }
        if (records.Count == 0) throw new UsageException($"{source}: the file is empty (no header line)");
        var headers = records[0].Cells.Select(h => h.Trim()).ToArray();
        var rows = new List<string[]>(records.Count - 1);
        var lines = new List<int>(records.Count - 1);
        foreach (var (cells, recordLine) in records.Skip(1))
        {
            if (cells.Count != headers.Length)
                throw new UsageException($"{source}: line {recordLine}: {cells.Count} fields where the header has {headers.Length}");
            rows.Add(cells.ToArray());
            lines.Add(recordLine);
        }
        return new CsvTable(source, headers, rows, lines);
    }

    /// <summary>The index of a column; a missing one is an error that lists the columns present.</summary>
    public int Column(string name, string role)
    {
        if (columnIndex.TryGetValue(name, out int i)) return i;
        var match = Headers.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        string hint = match is null ? "" : $" (did you mean '{match}'?)";
        throw new UsageException(
            $"{Source}: no column '{name}' for the {role}{hint}; the columns present are: {string.Join(", ", Headers)}");
    }

    public bool HasColumn(string name) => columnIndex.ContainsKey(name);

    /// <summary>A cell as a finite double; empty, unparsable or NaN/infinite cells are errors naming line and column.</summary>
    public double Number(int row, int column)
    {
        string cell = Rows[row][column].Trim();
        if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            throw new UsageException(cell.Length == 0
                ? $"{Source}: line {Lines[row]}: column '{Headers[column]}' is empty"
                : $"{Source}: line {Lines[row]}: column '{Headers[column]}' holds '{cell}', not a number");
        if (!double.IsFinite(v))
            throw new UsageException($"{Source}: line {Lines[row]}: column '{Headers[column]}' is {cell} (NaN or infinite values cannot be fitted)");
        return v;
    }

    /// <summary>Writes a table as RFC-4180 CSV (fields quoted only where needed), atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) =>
        AtomicFile.WriteAllText(path, ToText(headers, rows));

    /// <summary>A table as RFC-4180 CSV text (fields quoted only where needed).</summary>
    public static string ToText(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder();
        AppendRecord(sb, headers);
        foreach (var row in rows) AppendRecord(sb, row);
        return sb.ToString();
    }

    static void AppendRecord(StringBuilder sb, IReadOnlyList<string> cells)
    {
        for (int i = 0; i < cells.Count; i++)
        {
            if (i > 0) sb.Append(',');
            string c = cells[i];
            if (c.IndexOfAny([',', '"', '\n', '\r']) >= 0) sb.Append('"').Append(c.Replace("\"", "\"\"")).Append('"');
            else sb.Append(c);
        }
        sb.Append('\n');
    }

    /// <summary>A double as written in every output table: shortest text that round-trips exactly.</summary>
    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
