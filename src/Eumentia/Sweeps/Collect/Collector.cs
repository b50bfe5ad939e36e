using System.Globalization;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Sweeps.Collect;

/// <summary>What <see cref="Collector.Collect"/> wrote.</summary>
public sealed record CollectReport(string ResultsPath, string MetricsPath, int Runs, int Done, int ResultRows, int MetricRows);

/// <summary>
/// `eumentia collect`: one tidy results.csv (or results.parquet, the same columns typed) with a row per run and evaluation setting (run_key, status,
/// attempts, error, every config field, then the result's columns; a list field such as p_eval holds the
/// row's own element) and metrics.csv, the per-epoch metrics of
/// every finished run with a run_key column in front. Only finished runs' files are read (their result.json
/// exists and parses, so their metrics.csv is complete). Everything is read before anything is written, and
/// both tables are written atomically: collect either replaces them or, when it refuses, removes the old
/// ones, so no table from an earlier state of the sweep stays behind looking current.
/// </summary>
public static class Collector
{
    /// <param name="format">CSV (results.csv, metrics.csv) or Parquet (results.parquet, metrics.parquet) with the same columns.</param>
    /// <param name="kind">The kind whose runs to tabulate: a sweep's own by default; required for a ledger of several kinds.</param>
    public static CollectReport Collect(RunLedger ledger, string? resultsPath = null, string? metricsPath = null, TableFormat format = TableFormat.Csv, RunKind? kind = null)
    {
        var sweep = ledger.Sweep;
        resultsPath ??= Path.Combine(sweep.Root, "results" + TableFiles.Extension(format));
        metricsPath ??= Path.Combine(sweep.Root, Path.ChangeExtension(SweepDirectory.MetricsFile, TableFiles.Extension(format)));
        (CollectReport Report, Table Results, Table Metrics) tables;
        kind ??= sweep.SingleKind("collect without --kind");
        try { tables = Tabulate(ledger, kind, resultsPath, metricsPath); }
        catch (Exception e) when (e is EumentiaException or IOException or UnauthorizedAccessException)
        {
            bool removed = Remove(resultsPath) | Remove(metricsPath);
            if (!removed) throw;
            throw new EumentiaException($"{e.Message.ReplaceLineEndings(" ")} (the older {Path.GetFileName(resultsPath)} and {Path.GetFileName(metricsPath)} were removed: they no longer describe the sweep)", e);
        }
        TableFiles.Write(resultsPath, tables.Results.Header, tables.Results.Rows, format);
        TableFiles.Write(metricsPath, tables.Metrics.Header, tables.Metrics.Rows, format);
        return tables.Report;
    }

    static bool Remove(string path)
    {
        try
        {
            if (!File.Exists(path)) return false;
            File.Delete(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    sealed record Table(IReadOnlyList<string> Header, List<IReadOnlyList<string>> Rows);

    static (CollectReport Report, Table Results, Table Metrics) Tabulate(RunLedger ledger, RunKind kind, string resultsPath, string metricsPath)
    {
        var sweep = ledger.Sweep;
        var fields = kind.Schema.Fields;
        // A result column named like a scalar config field (or status) says the same thing twice when the
        // values agree (eval_mode, status "done"), so it is left out; where they differ it is kept as
        // result_<name>. One named like a list field (p_eval: [0, 0.1] in the config, p_eval: 0.1 in an
        // evaluation entry) says which element the row is about, so it fills that column: the tidy form of
        // "this run at this evaluation setting". Old result.json names are read as their current ones.
        var listFields = fields.Where(f => f.IsArray).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        var reserved = new HashSet<string>(["run_key", "status", "attempts", "error", .. fields.Where(f => !f.IsArray).Select(f => f.Name)], StringComparer.Ordinal);

        var runs = sweep.RunKeys().Select(key => (Key: key, Run: sweep.LoadRun(key))).Where(r => r.Run.Kind.Name == kind.Name)
            .Select(r => (r.Key, r.Run, Status: ledger.Inspect(r.Key)))
            .OrderBy(r => r.Run.Index).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

        var resultColumns = new List<string>();
        var seenColumns = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<(string Key, RunStatus Status, object Config, List<KeyValuePair<string, string>> Values)>();
        foreach (var (key, run, status) in runs)
        {
            var config = run.Config;
            var resultRows = status.State == RunState.Done
                ? ResultRows.Read(Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile))
                : [[]];
            string stateName = status.State.ToString().ToLowerInvariant();
            string Own(string column) => column == "status" ? stateName : ConfigValue.FormatCell(fields.First(f => f.Name == column).Get(config));
            foreach (var row in resultRows)
            {
                var renamed = row.Select(kv => new KeyValuePair<string, string>(kind.LegacyResultNames.GetValueOrDefault(kv.Key, kv.Key), kv.Value))
                    .Where(kv => !(reserved.Contains(kv.Key) && kv.Key is not ("run_key" or "attempts" or "error") && Own(kv.Key) == kv.Value))
                    .Select(kv => new KeyValuePair<string, string>(reserved.Contains(kv.Key) ? "result_" + kv.Key : kv.Key, kv.Value)).ToList();
                foreach (var (column, _) in renamed)
                    if (!listFields.Contains(column) && seenColumns.Add(column)) resultColumns.Add(column);
                rows.Add((key, status, config, renamed));
            }
        }

        var results = new Table([.. new[] { "run_key", "status", "attempts", "error" }.Concat(fields.Select(f => f.Name)).Concat(resultColumns)], []);
        {
            foreach (var (key, status, config, values) in rows)
            {
                var lookup = values.GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                results.Rows.Add([.. new[]
                    {
                        key,
                        status.State.ToString().ToLowerInvariant(),
                        status.Attempts.ToString(CultureInfo.InvariantCulture),
                        status.State == RunState.Done ? "" : status.LastError ?? "",
                    }
                    .Concat(fields.Select(f => f.IsArray && lookup.TryGetValue(f.Name, out var element) ? element : ConfigValue.FormatCell(f.Get(config))))
                    .Concat(resultColumns.Select(c => lookup.GetValueOrDefault(c, "")))]);
            }
        }
        var (metrics, metricRows) = MergeMetrics(sweep, runs.Where(r => r.Status.State == RunState.Done).Select(r => r.Key).ToList());
        return (new CollectReport(resultsPath, metricsPath, runs.Count, runs.Count(r => r.Status.State == RunState.Done), rows.Count, metricRows),
            results, metrics);
    }

    static (Table Table, int Rows) MergeMetrics(SweepDirectory sweep, IReadOnlyList<string> doneKeys)
    {
        var columns = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var tables = new List<(string Key, string[] Header, List<string[]> Rows)>();
        foreach (var key in doneKeys)
        {
            string file = Path.Combine(sweep.RunDir(key), SweepDirectory.MetricsFile);
            if (!File.Exists(file)) continue;
            if (new FileInfo(file).Length == 0) continue;
            CsvTable records;
            // A malformed metrics file of a finished run is a broken run directory (exit 1), not bad usage.
            try { records = CsvTable.Read(file); }
            catch (UsageException e) { throw new EumentiaException(e.Message); }
            var header = records.Headers.ToArray();
            var body = records.Rows.ToList();
            foreach (var h in header)
                if (h != "run_key" && seen.Add(h)) columns.Add(h);
            tables.Add((key, header, body));
        }
        var merged = new Table([.. columns.Prepend("run_key")], []);
        foreach (var (key, header, body) in tables)
        {
            var index = columns.Select(c => Array.IndexOf(header, c)).ToArray();
            foreach (var row in body)
                merged.Rows.Add([.. index.Select(i => i >= 0 && i < row.Length ? row[i] : "").Prepend(key)]);
        }
        return (merged, merged.Rows.Count);
    }
}
