using Eumentia.IO;

namespace Eumentia.Analysis;

/// <summary>
/// The data a fit or collapse works on: observations plus where they came from. Built from any CSV by
/// naming its columns (<see cref="FromCsv"/>) or in memory. Bad input is a <see cref="UsageException"/> that
/// names file, line and column.
/// </summary>
public sealed class ObservationSet
{
    public IReadOnlyList<Observation> Observations { get; }
    /// <summary>The distinct seed labels; <see cref="Observation.Seed"/> indexes this list.</summary>
    public IReadOnlyList<string> SeedLabels { get; }
    /// <summary>A path or a name, used in messages and recorded among a fit's inputs.</summary>
    public string Source { get; }
    /// <summary>The columns the data came from (role to column name); empty for data built in memory.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; }
    /// <summary>Row filters applied when reading (column=value).</summary>
    public IReadOnlyList<string> Filters { get; }
    /// <summary>Distinct run identifiers from the key column, in order of first appearance.</summary>
    public IReadOnlyList<string> Keys { get; }

    public ObservationSet(IReadOnlyList<Observation> observations, IReadOnlyList<string> seedLabels, string source,
        IReadOnlyDictionary<string, string>? columns = null, IReadOnlyList<string>? filters = null, IReadOnlyList<string>? keys = null)
    {
        Observations = observations;
        SeedLabels = seedLabels;
        Source = source;
        Columns = columns ?? new Dictionary<string, string>();
        Filters = filters ?? [];
        Keys = keys ?? [];
    }

    public bool HasSeeds => SeedLabels.Count > 0 && Observations.All(o => o.Seed >= 0);
    public bool HasErrors => Observations.Count > 0 && Observations.All(o => !double.IsNaN(o.Error));

    /// <summary>Distinct sizes in increasing order.</summary>
    public double[] Sizes() => Observations.Select(o => o.Size).Distinct().Order().ToArray();

    /// <summary>A subset with the same seeds and provenance.</summary>
    public ObservationSet Where(Func<Observation, bool> keep) =>
        new(Observations.Where(keep).ToArray(), SeedLabels, Source, Columns, Filters, Keys);

    /// <summary>
    /// Reads observations from a table. <paramref name="filters"/> are "column=value" strings selecting rows
    /// (exact text match after trimming), so one CSV with many series can be fitted one series at a time.
    /// </summary>
    public static ObservationSet FromCsv(CsvTable table, ObservationColumns columns, IReadOnlyList<string>? filters = null)
    {
        filters ??= [];
        int size = table.Column(columns.Size, "size");
        int value = table.Column(columns.Value, "observable");
        int control = columns.Control is null ? -1 : table.Column(columns.Control, "control parameter");
        int seed = columns.Seed is null ? -1 : table.Column(columns.Seed, "seed");
        int error = columns.Error is null ? -1 : table.Column(columns.Error, "error");
        int key = columns.Key is null ? -1 : table.Column(columns.Key, "run key");
        var selectors = filters.Select(f =>
        {
            int eq = f.IndexOf('=');
            if (eq <= 0) throw new UsageException($"filter '{f}' is not of the form column=value");
            return (Column: table.Column(f[..eq].Trim(), $"filter '{f}'"), Value: f[(eq + 1)..].Trim());
        }).ToArray();

        var seedIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var seedLabels = new List<string>();
        var keys = new List<string>();
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        var observations = new List<Observation>();
        for (int r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            if (selectors.Any(s => row[s.Column].Trim() != s.Value)) continue;
            int s = -1;
            if (seed >= 0)
            {
                string label = row[seed].Trim();
                if (label.Length == 0) throw new UsageException($"{table.Source}: line {table.Lines[r]}: column '{columns.Seed}' is empty");
                if (!seedIndex.TryGetValue(label, out s)) { s = seedLabels.Count; seedIndex[label] = s; seedLabels.Add(label); }
            }
            double err = double.NaN;
            if (error >= 0)
            {
                err = table.Number(r, error);
                if (err <= 0)
                    throw new UsageException($"{table.Source}: line {table.Lines[r]}: column '{columns.Error}' is {row[error].Trim()}; a standard error must be positive");
            }
            if (key >= 0 && seenKeys.Add(row[key].Trim())) keys.Add(row[key].Trim());
            observations.Add(new Observation(table.Number(r, size), control >= 0 ? table.Number(r, control) : 0.0,
                table.Number(r, value), err, s, table.Lines[r]));
        }
        if (observations.Count == 0)
            throw new UsageException(filters.Count > 0
                ? $"{table.Source}: no rows match the filters {string.Join(", ", filters)}"
                : $"{table.Source}: the file has a header but no data rows");

        var names = new Dictionary<string, string> { ["size"] = columns.Size, ["observable"] = columns.Value };
        if (columns.Control is not null) names["control"] = columns.Control;
        if (columns.Seed is not null) names["seed"] = columns.Seed;
        if (columns.Error is not null) names["error"] = columns.Error;
        if (columns.Key is not null) names["key"] = columns.Key;
        return new ObservationSet(observations, seedLabels, table.Source, names, filters, keys);
    }
}
