using System.Globalization;
using System.Text;

namespace Eumentia.IO;

/// <summary>
/// The library's one CSV reader and writer. Reading: a file held as text cells, RFC 4180 (quoted fields, doubled
/// quotes, commas and newlines inside quotes, CRLF or LF, a UTF-8 byte-order mark, blank lines skipped), remembering
/// the line each record starts on so that an error can name the file, line and column. Writing: fields quoted only
/// where needed, every value through <see cref="Cell"/> (invariant culture, numbers that round-trip exactly).
/// A small reader of our own rather than a package: what the library needs is exact line numbers and messages,
/// not type mapping. Here in IO, below the engine, because user data sets are CSV too.
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
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in messages.</summary>
    public static CsvTable Parse(string text, string source) => Parse(new StringReader(text), source);

    /// <summary>Parses CSV from a reader, one character at a time (a large data set is never held as one string).</summary>
    public static CsvTable Parse(TextReader reader, string source)
    {
        var records = new List<(string[] Cells, int Line)>();
        if (reader.Peek() == '\uFEFF') reader.Read();
        int line = 1;
        var cells = new List<string>();
        var cell = new StringBuilder();
        while (reader.Peek() >= 0)
        {
            int startLine = line;
            cells.Clear();
            bool endOfRecord = false;
            while (!endOfRecord)
            {
                cell.Clear();
                if (reader.Peek() == '"')
                {
                    reader.Read();
                    while (true)
                    {
                        int c = reader.Read();
                        if (c < 0) throw new UsageException($"{source}: line {startLine}: a quoted field is never closed");
                        if (c == '"')
                        {
                            if (reader.Peek() == '"') { cell.Append('"'); reader.Read(); }
                            else break;
                        }
                        else
                        {
                            if (c == '\n') line++;
                            cell.Append((char)c);
                        }
                    }
                    if (reader.Peek() is >= 0 and not (',' or '\r' or '\n'))
                        throw new UsageException($"{source}: line {line}: unexpected text after a closing quote in field {cells.Count + 1}");
                }
                else
                {
                    while (reader.Peek() is >= 0 and not (',' or '\r' or '\n')) cell.Append((char)reader.Read());
                }
                cells.Add(cell.ToString());
                int next = reader.Peek();
                if (next < 0) endOfRecord = true;
                else if (next == ',') reader.Read();
                else
                {
                    if (next == '\r') reader.Read();
                    if (reader.Peek() == '\n') reader.Read();
                    line++;
                    endOfRecord = true;
                }
            }
            bool blank = cells.Count == 1 && cells[0].Trim().Length == 0;
            if (!blank) records.Add((cells.ToArray(), startLine));
        }
        if (records.Count == 0) throw new UsageException($"{source}: the file is empty (no header line)");
        var headers = records[0].Cells.Select(h => h.Trim()).ToArray();
        var rows = new List<string[]>(records.Count - 1);
        var lines = new List<int>(records.Count - 1);
        foreach (var (row, recordLine) in records.Skip(1))
        {
            if (row.Length != headers.Length)
                throw new UsageException($"{source}: line {recordLine}: {row.Length} fields where the header has {headers.Length}");
            rows.Add(row);
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

    /// <summary>Writes a table of text cells as CSV, atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) =>
        AtomicFile.WriteAllText(path, ToText(headers, rows));

    /// <summary>Writes a table of values (numbers, text, flags), each as <see cref="Cell"/> writes it, atomically.</summary>
    public static void WriteValues(string path, IReadOnlyList<string> headers, IEnumerable<IEnumerable<object?>> rows) =>
        Write(path, headers, rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Cell)]));

    /// <summary>A table of text cells as CSV text.</summary>
    public static string ToText(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringWriter { NewLine = "\n" };
        WriteRecord(text, headers);
        foreach (var row in rows) WriteRecord(text, row);
        return text.ToString();
    }

    /// <summary>One record and its line end, for tables streamed to a writer: a field is quoted (quotes doubled) only
    /// where it holds a comma, quote or line break.</summary>
    public static void WriteRecord(TextWriter writer, IEnumerable<string> cells)
    {
        bool first = true;
        foreach (var c in cells)
        {
            if (!first) writer.Write(',');
            first = false;
            if (c.AsSpan().IndexOfAny(",\"\r\n") >= 0) writer.Write('"' + c.Replace("\"", "\"\"") + '"');
            else writer.Write(c);
        }
        writer.Write('\n');
    }

    /// <summary>A value as every output table writes it: invariant culture, numbers as the shortest text that
    /// round-trips exactly (NaN as NaN), flags as true/false, null as an empty cell.</summary>
    public static string Cell(object? value) => value switch
    {
        null => "",
        double d => Format(d),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A double as written in every output table: shortest text that round-trips exactly.</summary>
    public static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
