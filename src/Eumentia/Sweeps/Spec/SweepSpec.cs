namespace Eumentia.Sweeps.Spec;

/// <summary>A value in a spec with where it came from ("spec.yaml:7:12" or "--set width=8"), for error messages.</summary>
public readonly record struct SourcedValue(object? Value, string Origin);

/// <summary>
/// One axis of the sweep: a list of points, each a partial config. A grid axis has one key per point; a zip
/// group several keys stepping together; the explicit config list whole partial configs; seeds the key "seed".
/// </summary>
public sealed record SpecAxis(string Description, IReadOnlyList<IReadOnlyDictionary<string, SourcedValue>> Points)
{
    public IEnumerable<string> Keys => Points.SelectMany(p => p.Keys).Distinct();
}

/// <summary>A run of a planned sweep: its key, config and canonical form.</summary>
public sealed record PlannedRun(string Key, object Config, string Canonical);

/// <summary>
/// A sweep before expansion: a run kind, fixed values, axes (expanded as a cartesian product, first axis
/// slowest), and command-line overrides applied to every run last. Built by <see cref="SpecParser"/> or empty
/// (CLI flags only) and changed by <see cref="Set"/> and <see cref="AddGrid"/>.
/// </summary>
public sealed class SweepSpec
{
    readonly Dictionary<string, SourcedValue> fixedValues = new(StringComparer.Ordinal);
    readonly List<SpecAxis> axes = [];
    readonly Dictionary<string, SourcedValue> overrides = new(StringComparer.Ordinal);

    public SweepSpec(RunKind kind, string? name = null)
    {
        Kind = kind;
        Name = name;
    }

    public RunKind Kind { get; }

    /// <summary>The sweep's name (default directory runs/&lt;name&gt;), if the spec gave one.</summary>
    public string? Name { get; set; }

    public IReadOnlyDictionary<string, SourcedValue> Fixed => fixedValues;

    public IReadOnlyList<SpecAxis> Axes => axes;

    internal void AddFixed(string key, SourcedValue value) => fixedValues[key] = value;

    internal void AddAxis(SpecAxis axis) => axes.Add(axis);

    /// <summary><c>--set key=value</c>: the value holds for every run, whatever the spec says about the key.</summary>
    public void Set(string assignment)
    {
        var (field, text) = SplitAssignment(assignment, "--set");
        string origin = $"--set {assignment}";
        var value = SpecValues.ParseCommandLineValue(field, text, origin);
        fixedValues.Remove(field.Name);
        RemoveSingleKeyAxes(field.Name);
        overrides[field.Name] = new SourcedValue(value, origin);
    }

    /// <summary><c>--grid key=v1,v2</c>: a grid axis that replaces whatever the spec says about the key.</summary>
    public void AddGrid(string assignment)
    {
        var (field, text) = SplitAssignment(assignment, "--grid");
        string origin = $"--grid {assignment}";
        var values = SpecValues.ParseCommandLineList(field, text, origin);
        fixedValues.Remove(field.Name);
        overrides.Remove(field.Name);
        RemoveSingleKeyAxes(field.Name);
        // Keys inside zip groups or config lists stay there; this axis is applied after them and so wins.
        axes.Add(new SpecAxis(origin, values.Select(v => (IReadOnlyDictionary<string, SourcedValue>)
            new Dictionary<string, SourcedValue> { [field.Name] = new(v, origin) }).ToList()));
    }

    /// <summary>
    /// Every run of the sweep, in order, duplicates (same key) dropped. Each config is validated; the first
    /// problems are reported as one usage error naming the key and where its value came from.
    /// </summary>
    /// <summary>
    /// The most runs one spec may expand to: each is a directory of a few files, and planning holds them all in
    /// memory (about a kilobyte each), so a typo such as seeds: 100000000 is refused before it exhausts either.
    /// </summary>
    public const int MaxRuns = 100_000;

    /// <summary>A sweep name is a single directory name under runs/, never a path out of it.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 200 && name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    public IReadOnlyList<PlannedRun> Expand()
    {
        long planned = axes.Aggregate(1L, (product, axis) => Math.Min(product * axis.Points.Count, long.MaxValue / 1_000_000));
        if (planned > MaxRuns)
            throw new UsageException($"the spec expands to {planned} runs ({string.Join(" x ", axes.Select(a => $"{a.Points.Count} {a.Description}"))}), " +
                                     $"more than one spec may plan ({MaxRuns}); split the sweep");
        var combos = new List<Dictionary<string, SourcedValue>> { new(fixedValues, StringComparer.Ordinal) };
        foreach (var axis in axes)
        {
            var next = new List<Dictionary<string, SourcedValue>>(combos.Count * axis.Points.Count);
            foreach (var combo in combos)
            foreach (var point in axis.Points)
            {
                var merged = new Dictionary<string, SourcedValue>(combo, StringComparer.Ordinal);
                foreach (var (k, v) in point) merged[k] = v;
                next.Add(merged);
            }
            combos = next;
        }

        var runs = new List<PlannedRun>(combos.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var combo in combos)
        {
            foreach (var (k, v) in overrides) combo[k] = v;
            var config = Kind.Schema.Create(combo.Select(kv => new KeyValuePair<string, object?>(kv.Key, kv.Value.Value)));
            // Users' data files are hashed now, so run.json records the content each run is keyed by.
            if (config is IContentAddressed addressed) config = addressed.Pinned();
            foreach (var error in ConfigValidation.Errors(config))
            {
                string where = combo.TryGetValue(error.Key, out var sourced) ? sourced.Origin : error.Key.Length == 0 ? "config" : "default value";
                string described = ConfigValidation.Describe(error);
                // Name the offending value unless the message already does ("p_train = 1.5 is ...").
                string value = sourced.Origin is not null ? ConfigValue.FormatCell(sourced.Value) : "";
                string shown = sourced.Origin is not null && !described.Contains(" = ", StringComparison.Ordinal)
                               && !described.Contains($"'{value}'", StringComparison.Ordinal) ? $" (got {value})" : "";
                string problem = $"{where}: {described}{shown}";
                if (!problems.Contains(problem)) problems.Add(problem);
            }
            string canonical = CanonicalConfig.Json(Kind, config);
            string key = CanonicalConfig.KeyOf(canonical);
            if (seen.Add(key)) runs.Add(new PlannedRun(key, config, canonical));
        }
        if (problems.Count > 0)
            throw new UsageException(problems[0] + (problems.Count > 1 ? $" (and {problems.Count - 1} more problem{(problems.Count > 2 ? "s" : "")}: {string.Join("; ", problems.Skip(1).Take(3))})" : ""));
        return runs;
    }

    (ConfigField Field, string Text) SplitAssignment(string assignment, string option)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new UsageException($"{option} '{assignment}': expected key=value");
        string key = assignment[..eq].Trim();
        return (SpecValues.FieldOrError(Kind, key, $"{option} {assignment}"), assignment[(eq + 1)..].Trim());
    }

    void RemoveSingleKeyAxes(string key) =>
        axes.RemoveAll(a => a.Points.All(p => p.Count == 1 && p.ContainsKey(key)));
}
