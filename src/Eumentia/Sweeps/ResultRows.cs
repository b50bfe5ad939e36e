using System.Text.Json;

namespace Eumentia.Sweeps;

/// <summary>
/// Flattens a result.json into table rows. Top-level scalars (and nested objects, as "a.b") hold for every
/// row; the list of evaluation entries — the property "evaluations", or else the only top-level list of
/// objects — gives one row per entry (e.g. one per p_eval). Lists of numbers become a JSON text cell.
/// </summary>
public static class ResultRows
{
    public static IReadOnlyList<List<KeyValuePair<string, string>>> Read(string path)
    {
        JsonElement root;
        try { root = JsonDocument.Parse(File.ReadAllText(path)).RootElement; }
        catch (JsonException e) { throw new EumentiaException($"{path}: not valid JSON ({e.Message})"); }
        if (root.ValueKind != JsonValueKind.Object) throw new EumentiaException($"{path}: result is not a JSON object");

        var lists = root.EnumerateObject().Where(p => IsListOfObjects(p.Value)).ToList();
        var rowsProperty = lists.FirstOrDefault(p => p.Name == "evaluations") is { Value.ValueKind: not JsonValueKind.Undefined } named
            ? named : lists.Count == 1 ? lists[0] : default;

        var common = new List<KeyValuePair<string, string>>();
        foreach (var property in root.EnumerateObject())
            if (property.Name != rowsProperty.Name || rowsProperty.Value.ValueKind == JsonValueKind.Undefined)
                Flatten(property.Name, property.Value, common);
        if (rowsProperty.Value.ValueKind == JsonValueKind.Undefined) return [common];

        var rows = new List<List<KeyValuePair<string, string>>>();
        foreach (var entry in rowsProperty.Value.EnumerateArray())
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
