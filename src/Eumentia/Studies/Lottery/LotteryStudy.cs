using System.Text.Json;
using Eumentia.IO;
using Eumentia.Numerics;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>Where the study finds real data and whom it tells about progress; not part of the spec.</summary>
public sealed record LotteryOptions(string? DataDir = null, Action<int, int, string>? Progress = null, bool ReportOnly = false);

/// <summary>
/// The whole study: every (data set, seed) run of <see cref="LotteryRun"/> (in parallel, one per core; a run's numbers
/// do not depend on that), then the analysis and the report. Rerunning in the same directory resumes.
/// </summary>
public static class LotteryStudy
{
    public static LotteryAnalysisResult Run(LotterySpec spec, string outDir, LotteryOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new LotteryOptions();
        var errors = spec.Validate();
        if (errors.Count > 0) throw new UsageException(string.Join("; ", errors));
        Directory.CreateDirectory(outDir);
        PinSpec(spec, outDir);

        // A missing or too small real data set fails here, before any run starts (loads are cached, so this costs nothing later).
        if (!options.ReportOnly)
            foreach (var name in spec.Data.Where(d => !spec.IsSynthetic(d)))
                _ = Data.DataSources.Load(name, spec.TrainSize, spec.ValidationSize, 0, options.DataDir);

        var jobs = spec.Data.SelectMany(d => Enumerable.Range(0, spec.Seeds).Select(s => (Data: d, Seed: (ulong)s))).ToArray();
        var results = new List<LevelMeasurement>[jobs.Length];
        int done = 0;
        var progressLock = new object();
        void Report(string message)
        {
            lock (progressLock) options.Progress?.Invoke(done, jobs.Length, message);
        }
        int threads = Parallelism.MaxThreads, concurrent = Math.Min(threads, jobs.Length);
        try
        {
            Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = concurrent, CancellationToken = cancel }, j =>
            {
                // Runs side by side share the budget: small matrices go faster on one thread each than on all.
                using var limit = Parallelism.Limit(Math.Max(1, threads / concurrent));
                var (name, seed) = jobs[j];
                string dir = RunDir(outDir, name, seed);
                results[j] = [];
                try
                {
                    if (options.ReportOnly) { results[j].AddRange(ReadFinished(dir)); return; }
                    var data = LotteryData.Load(spec, name, seed, options.DataDir);
                    results[j].AddRange(new LotteryRun(spec, data, seed, dir, Report, cancel).Execute());
                }
                catch (TrainingDivergedException e)
                {
                    // A diverged run is recorded with its reason; the others go on and the analysis uses what finished.
                    AtomicFile.WriteAllText(Path.Combine(dir, "failed.txt"), e.Message + "\n");
                    Report($"{name} seed {seed} failed: {e.Message}");
                    results[j].AddRange(ReadFinished(dir));
                }
                Interlocked.Increment(ref done);
                Report($"{name} seed {seed} done");
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        var rows = results.SelectMany(r => r).ToList();
        if (rows.Count == 0) throw new EumentiaException($"{outDir}: no finished levels to analyse");
        var analysis = LotteryAnalysis.Analyze(rows);
        LotteryAnalysis.Write(analysis, outDir);
        LotteryReport.Write(spec, analysis, outDir);
        return analysis;
    }

    public static string RunDir(string outDir, string data, ulong seed) => Path.Combine(outDir, "runs", data, $"seed-{seed}");

    /// <summary>Every finished level in a run directory (for --report-only and for runs that failed part-way).</summary>
    static IEnumerable<LevelMeasurement> ReadFinished(string dir)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var path in Directory.EnumerateFiles(dir, "measurements.json", SearchOption.AllDirectories).Order())
            yield return JsonSerializer.Deserialize<LevelMeasurement>(File.ReadAllText(path), TrainRun.Json)
                ?? throw new EumentiaException($"{path}: empty measurements");
    }

    /// <summary>
    /// Writes spec.json, after checking that a spec already there differs at most in its data sets and seed count:
    /// those only add or drop runs, while any other knob would change what a finished level means.
    /// </summary>
    static void PinSpec(LotterySpec spec, string outDir)
    {
        var path = Path.Combine(outDir, "spec.json");
        if (File.Exists(path))
        {
            LotterySpec? existing;
            try { existing = JsonSerializer.Deserialize<LotterySpec>(File.ReadAllText(path), TrainRun.Json); }
            catch (JsonException e) { throw new EumentiaException($"{path}: unreadable spec ({e.Message})"); }
            string Core(LotterySpec s) => JsonSerializer.Serialize(s with { Data = [], Seeds = 1 }, TrainRun.Json);
            if (existing is null || Core(existing) != Core(spec))
                throw new UsageException($"{path} holds a study with other knobs; resume with the same options or choose another --out");
        }
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(spec, TrainRun.Json));
    }
}
