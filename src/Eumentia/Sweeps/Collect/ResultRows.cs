using System.Text.Json;

namespace Eumentia.Sweeps.Collect;

/// <summary>
/// Flattens a result.json into table rows. Top-level scalars (and nested objects, as "a.b") hold for every
/// row; the list of evaluation entries — the property "evaluations", or else the only top-level list of
/// objects — gives one row per entry (e.g. one per p_eval). Lists of numbers become a JSON text cell.
/// A result without such a list is one row; a result that is itself a list of objects is a row per object,
/// and any other list is one cell named "result".
/// </summary>
public static class ResultRows
{
    public static IReadOnlyList<List<KeyValuePair<string, string>>> Read(string path)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new EumentiaException($"{path}: not valid JSON ({e.Message})"); }
        return Read(root);
    }

    static IReadOnlyList<List<KeyValuePair<string, string>>> Read(JsonElement root)
    {
        if (IsListOfObjects(root)) return Rows([], root);
        var common = new List<KeyValuePair<string, string>>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            Flatten("result", root, common);
            return [common];
        }

        var lists = root.EnumerateObject().Where(p => IsListOfObjects(p.Value)).ToList();
        string? rowsName = lists.Any(p => p.Name == "evaluations") ? "evaluations" : lists.Count == 1 ? lists[0].Name : null;
        JsonElement? rowsList = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == rowsName) rowsList = property.Value;
            else Flatten(property.Name, property.Value, common);
        }
        return rowsList is { } list ? Rows(common, list) : [common];
    }

    static IReadOnlyList<List<KeyValuePair<string, string>>> Rows(List<KeyValuePair<string, string>> common, JsonElement list)
    {
        var rows = new List<List<KeyValuePair<string, string>>>();
        foreach (var entry in list.EnumerateArray())
        {
            var row = new List<KeyValuePair<string, string>>(common);
            foreach (var property in entry.EnumerateObject()) Flatten(property.Name, property.Value, row);
            rows.Add(row);
        }
        return rows.Count > 0 ? rows : [common];
    }

    static bool IsListOfObjects(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0 && e.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Object);

    static void Flatten(string name, JsonElement value, List<KeyValuePair<string, string>> into)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in value.EnumerateObject()) Flatten($"{name}.{p.Name}", p.Value, into);
                break;
            case JsonValueKind.String: into.Add(new(name, value.GetString() ?? "")); break;
            case JsonValueKind.Null: into.Add(new(name, "")); break;
            default: into.Add(new(name, value.GetRawText())); break; // numbers verbatim, true/false, lists as JSON
        }
    }
}
