using System.Text;

namespace Eumentia.Sweeps.Collect;

/// <summary>RFC 4180 CSV: fields with comma, quote or line break are quoted, quotes doubled; reading undoes that.</summary>
public static class Csv
{
    public static void WriteRow(TextWriter writer, IEnumerable<string> fields)
    {
        bool first = true;
        foreach (var field in fields)
        {
            if (!first) writer.Write(',');
            first = false;
            writer.Write(Escape(field));
        }
        writer.Write('\n');
    }

    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    /// <summary>All records of a CSV text (the header is the first); CRLF and LF line ends; quoted fields may span lines.</summary>
    public static List<string[]> ReadAll(TextReader reader)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        int c;
        while ((c = reader.Read()) >= 0)
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch != '"') { field.Append(ch); continue; }
                if (reader.Peek() == '"') { reader.Read(); field.Append('"'); }
                else quoted = false;
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0: quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n': EndRecord(); break;
                default: field.Append(ch); break;
            }
        }
        if (quoted) throw new FormatException("CSV ends inside a quoted field");
        if (any && (field.Length > 0 || fields.Count > 0)) EndRecord();
        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            records.Add(fields.ToArray());
            fields.Clear();
            any = false;
        }
    }
}
