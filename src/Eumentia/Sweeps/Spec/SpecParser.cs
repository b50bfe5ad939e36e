using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Eumentia.Sweeps.Spec;

/// <summary>
/// Reads a sweep spec from YAML:
/// <code>
/// kind: train              # run kind (or --kind)
/// name: demo               # optional: the sweep directory is runs/demo
/// fixed:  { epochs: 5 }    # values for every run
/// grid:   { width: [16, 32], p_train: [0.0, 0.3] }   # cartesian product
/// zip:    { n: [64, 128], batch: [16, 32] }          # lock-step lists (or a list of such groups)
/// configs: [ { depth: 2 }, { depth: 3, width: 8 } ]  # explicit partial configs, one axis
/// seeds: 3                 # seeds 0, 1, 2 (or a list)
/// </code>
/// Every error names the key and its line and column.
/// </summary>
public static class SpecParser
{
    static readonly string[] TopKeys = ["kind", "name", "fixed", "grid", "zip", "configs", "seeds"];

    public static SweepSpec ParseFile(string path, string? kindOverride = null)
    {
        if (!File.Exists(path)) throw new UsageException($"spec file '{path}' not found");
        return Parse(File.ReadAllText(path), path, kindOverride);
    }

    public static SweepSpec Parse(string yaml, string file, string? kindOverride = null)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new UsageException($"{file}:{e.Start.Line}:{e.Start.Column}: {InnerMost(e).Message}"); }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner gives up this way on some malformed flow collections, without a position.
            throw new UsageException($"{file}: not valid YAML (look for an unclosed '{{', '[' or quote)");
        }
        if (stream.Documents.Count == 0) throw new UsageException($"{file}: the spec is empty");
        if (stream.Documents.Count > 1)
            throw new UsageException($"{SpecValues.Where(file, stream.Documents[1].RootNode)}: a second YAML document ('---'); a spec is one document");
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new UsageException($"{SpecValues.Where(file, stream.Documents[0].RootNode)}: a spec is a mapping of kind, fixed, grid, zip, configs, seeds");

        var top = new Dictionary<string, (YamlScalarNode Key, YamlNode Value)>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in root.Children)
        {
            var key = ScalarKey(keyNode, file);
            string name = key.Value ?? "";
            if (!TopKeys.Contains(name))
            {
                string hint = Suggest.Closest(name, TopKeys) is { } close ? $" (did you mean '{close}'?)"
                    : $" (valid: {string.Join(", ", TopKeys)}; config values go under 'fixed:')";
                throw new UsageException($"{SpecValues.Where(file, key)}: unknown key '{name}'{hint}");
            }
            top[name] = (key, value);
        }

        string kindName = kindOverride ?? (top.TryGetValue("kind", out var k) ? ScalarText(k.Value, "kind", file) : null)
            ?? throw new UsageException($"{file}: no run kind: add 'kind: <name>' or pass --kind");
        RunKind kind;
        try { kind = RunKinds.Get(kindName); }
        catch (UsageException e) when (kindOverride is null) { throw new UsageException($"{SpecValues.Where(file, top["kind"].Value)}: {e.Message}"); }

        string? sweepName = top.TryGetValue("name", out var n) ? ScalarText(n.Value, "name", file) : null;
        if (sweepName is not null && !SweepSpec.IsValidName(sweepName))
            throw new UsageException($"{SpecValues.Where(file, n.Value)}: name '{sweepName}' is the sweep's directory under runs/: use letters, digits, '.', '-' and '_' (not starting with '.')");
        var spec = new SweepSpec(kind, sweepName);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal); // key -> "section (file:line:col)"

        if (top.TryGetValue("fixed", out var fixedEntry))
            foreach (var (key, value) in Mapping(fixedEntry.Value, "fixed", file))
            {
                var field = Claim(kind, key, "fixed", owners, file);
                spec.AddFixed(field.Name, new SourcedValue(SpecValues.FromNode(field, value, file), SpecValues.Where(file, value)));
            }

        if (top.TryGetValue("grid", out var gridEntry))
            foreach (var (key, value) in Mapping(gridEntry.Value, "grid", file))
            {
                var field = Claim(kind, key, "grid", owners, file);
                var values = Values(value, field, file, "grid axis");
                spec.AddAxis(new SpecAxis($"grid {field.Name}", values.Select(v => Point((field.Name, v))).ToList()));
            }

        if (top.TryGetValue("zip", out var zipEntry))
        {
            var groups = zipEntry.Value switch
            {
                YamlMappingNode single => [single],
                YamlSequenceNode list => list.Children.Select(g => g as YamlMappingNode
                    ?? throw new UsageException($"{SpecValues.Where(file, g)}: each zip group is a mapping of key: [values]")).ToList(),
                _ => throw new UsageException($"{SpecValues.Where(file, zipEntry.Value)}: 'zip' is a mapping of key: [values] (or a list of them)"),
            };
            foreach (var group in groups) spec.AddAxis(ZipGroup(kind, group, owners, file));
        }

        if (top.TryGetValue("configs", out var configsEntry))
        {
            if (configsEntry.Value is not YamlSequenceNode list || list.Children.Count == 0)
                throw new UsageException($"{SpecValues.Where(file, configsEntry.Value)}: 'configs' is a non-empty list of mappings");
            var points = new List<IReadOnlyDictionary<string, SourcedValue>>();
            var keysHere = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in list.Children)
            {
                var point = new Dictionary<string, SourcedValue>(StringComparer.Ordinal);
                foreach (var (key, value) in Mapping(item, "configs entry", file))
                {
                    var field = SpecValues.FieldOrError(kind, key.Value ?? "", SpecValues.Where(file, key));
                    if (keysHere.Add(field.Name)) Claim(kind, key, "configs", owners, file);
                    point[field.Name] = new SourcedValue(SpecValues.FromNode(field, value, file), SpecValues.Where(file, value));
                }
                points.Add(point);
            }
            spec.AddAxis(new SpecAxis("configs", points));
        }

        if (top.TryGetValue("seeds", out var seedsEntry))
        {
            var seedField = kind.Schema.Find("seed")
                ?? throw new UsageException($"{SpecValues.Where(file, seedsEntry.Key)}: run kind '{kind.Name}' has no 'seed' field");
            if (owners.TryGetValue("seed", out var owner))
                throw new UsageException($"{SpecValues.Where(file, seedsEntry.Key)}: 'seeds' conflicts with 'seed' in {owner}");
            var seeds = seedsEntry.Value is YamlScalarNode count
                ? SeedRange(seedField, count, file)
                : Values(seedsEntry.Value, seedField, file, "seeds");
            spec.AddAxis(new SpecAxis("seeds", seeds.Select(s => Point((seedField.Name, s))).ToList()));
        }
        return spec;

        static Dictionary<string, SourcedValue> Point((string Key, SourcedValue Value) entry) =>
            new(StringComparer.Ordinal) { [entry.Key] = entry.Value };
    }

    static SpecAxis ZipGroup(RunKind kind, YamlMappingNode group, Dictionary<string, string> owners, string file)
    {
        var columns = new List<(ConfigField Field, YamlScalarNode Key, List<SourcedValue> Values)>();
        foreach (var (key, value) in Mapping(group, "zip", file))
        {
            var field = Claim(kind, key, "zip", owners, file);
            columns.Add((field, key, Values(value, field, file, "zip list").Select(v => v).ToList()));
        }
        if (columns.Count == 0) throw new UsageException($"{SpecValues.Where(file, group)}: empty zip group");
        int length = columns[0].Values.Count;
        var odd = columns.FirstOrDefault(c => c.Values.Count != length);
        if (odd.Field is not null)
            throw new UsageException($"{SpecValues.Where(file, odd.Key)}: zip lists must have equal lengths: " +
                                     string.Join(", ", columns.Select(c => $"'{c.Field.Name}' has {c.Values.Count}")));
        var points = Enumerable.Range(0, length).Select(i => (IReadOnlyDictionary<string, SourcedValue>)
            columns.ToDictionary(c => c.Field.Name, c => c.Values[i], StringComparer.Ordinal)).ToList();
        return new SpecAxis("zip " + string.Join("+", columns.Select(c => c.Field.Name)), points);
    }

    static ConfigField Claim(RunKind kind, YamlScalarNode key, string section, Dictionary<string, string> owners, string file)
    {
        string where = SpecValues.Where(file, key);
        var field = SpecValues.FieldOrError(kind, key.Value ?? "", where);
        if (owners.TryGetValue(field.Name, out var owner))
            throw new UsageException($"{where}: '{field.Name}' is given twice (also in {owner})");
        owners[field.Name] = $"{section} at {where}";
        return field;
    }

    static List<SourcedValue> Values(YamlNode node, ConfigField field, string file, string what)
    {
        if (node is not YamlSequenceNode list)
            throw new UsageException($"{SpecValues.Where(file, node)}: {what} '{field.Name}' needs a list of values, got a {SpecValues.Shape(node)}");
        if (list.Children.Count == 0) throw new UsageException($"{SpecValues.Where(file, node)}: {what} '{field.Name}' has no values");
        return list.Children.Select(child => new SourcedValue(SpecValues.FromNode(field, child, file), SpecValues.Where(file, child))).ToList();
    }

    static List<SourcedValue> SeedRange(ConfigField seedField, YamlScalarNode count, string file)
    {
        string where = SpecValues.Where(file, count);
        if (!int.TryParse(count.Value, out int n) || n < 1)
            throw new UsageException($"{where}: 'seeds' is a positive count or a list of seeds, got '{count.Value}'");
        if (n > SweepSpec.MaxRuns)
            throw new UsageException($"{where}: seeds: {n} is more runs than one spec may plan ({SweepSpec.MaxRuns}); split the sweep");
        return Enumerable.Range(0, n).Select(i => new SourcedValue(ConfigValue.FromIndex(seedField, i), where)).ToList();
    }

    static IEnumerable<(YamlScalarNode Key, YamlNode Value)> Mapping(YamlNode node, string section, string file)
    {
        if (node is not YamlMappingNode mapping)
            throw new UsageException($"{SpecValues.Where(file, node)}: '{section}' needs a mapping of key: value, got a {SpecValues.Shape(node)}");
        return mapping.Children.Select(kv => (ScalarKey(kv.Key, file), kv.Value));
    }

    static YamlScalarNode ScalarKey(YamlNode key, string file) =>
        key as YamlScalarNode ?? throw new UsageException($"{SpecValues.Where(file, key)}: a key must be a plain name, not a {SpecValues.Shape(key)}");

    static string ScalarText(YamlNode node, string key, string file) =>
        node is YamlScalarNode { Value: { Length: > 0 } text } ? text
            : throw new UsageException($"{SpecValues.Where(file, node)}: '{key}' needs a single value");

    static Exception InnerMost(Exception e) => e.InnerException is { } inner ? InnerMost(inner) : e;
}
