using Eumentia.Numerics.Threading;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>Where the study finds real data and whom it tells about progress; not part of the spec.</summary>
public sealed record LotteryOptions(string? DataDir = null, Action<int, int, string>? Progress = null);

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
        foreach (var name in spec.Data.Where(d => !spec.IsSynthetic(d)))
                _ = Data.DataSources.Load(name, spec.TrainSize, spec.ValidationSize, 0, options.DataDir);

        var jobs = spec.Data.SelectMany(d => Enumerable.Range(0, spec.Seeds).Select(s => (Data: d, Seed: spec.Seed + (ulong)s))).ToArray();
        var results = new List<LevelMeasurement>[jobs.Length];
        int done = 0;
        var progressLock = new object();
        void Tell(string message)
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
                    var data = LotteryData.Load(spec, name, seed, options.DataDir);
                    results[j].AddRange(new LotteryRun(spec, data, seed, dir, Tell, cancel).Execute());
                }
                catch (TrainingDivergedException e)
                {
                    // A diverged run is recorded with its reason; the others go on and the analysis uses what finished.
                    AtomicFile.WriteAllText(Path.Combine(dir, "failed.txt"), e.Message + "\n");
                    Tell($"{name} seed {seed} failed: {e.Message}");
                    results[j].AddRange(Finished(dir).Select(f => f.Measurement));
                }
                Interlocked.Increment(ref done);
                Tell($"{name} seed {seed} done");
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        return Report(spec, outDir);
    }

    /// <summary>
    /// Analyses every finished level found anywhere under <paramref name="dir"/> — a study directory, or a sweep
    /// directory whose runs each hold a study — and writes the tables and report.html there.
    /// </summary>
    public static LotteryAnalysisResult Report(LotterySpec spec, string dir)
    {
        var finished = Levels(dir);
        var analysis = LotteryAnalysis.Analyze(finished.Select(f => f.Measurement).ToList());
        var seedDirs = finished.GroupBy(f => (f.Measurement.Data, f.Measurement.Seed)).ToDictionary(g => g.Key, g => g.First().SeedDir);
        LotteryAnalysis.Write(analysis, dir);
        LotteryReport.Write(spec, analysis, dir, (data, seed) => seedDirs.GetValueOrDefault((data, seed)));
        return analysis;
    }

    /// <summary>
    /// Every finished level under <paramref name="dirs"/>, refusing none at all and any (data, seed, method, level) found twice:
    /// one analysis must not mix two studies that share seeds.
    /// </summary>
    public static IReadOnlyList<(LevelMeasurement Measurement, string SeedDir)> Levels(params string[] dirs)
    {
        var finished = dirs.SelectMany(Finished).ToList();
        string where = string.Join(", ", dirs);
        if (finished.Count == 0) throw new EumentiaException($"{where}: no finished levels to analyse");
        var duplicate = finished.GroupBy(f => (f.Measurement.Data, f.Measurement.Seed, f.Measurement.Method, f.Measurement.Level)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new EumentiaException($"{where}: {duplicate.Key.Data} seed {duplicate.Key.Seed} {duplicate.Key.Method} level {duplicate.Key.Level} was run twice " +
                $"({string.Join(", ", duplicate.Select(f => f.SeedDir))}); give each run its own seeds");
        return finished;
    }

    /// <summary>Every study directory (one holding spec.json) at or below <paramref name="dir"/>, with its spec.</summary>
    public static IReadOnlyList<(string Dir, LotterySpec Spec)> Studies(string dir) =>
        !Directory.Exists(dir) ? []
        : Directory.EnumerateFiles(dir, "spec.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(path => (Path.GetDirectoryName(path)!, ReadSpec(path))).ToList();

    /// <summary>The spec of a study directory, or of the first study found under a sweep directory.</summary>
    public static LotterySpec FindSpec(string dir)
    {
        var path = File.Exists(Path.Combine(dir, "spec.json")) ? Path.Combine(dir, "spec.json")
            : Directory.Exists(dir) ? Directory.EnumerateFiles(dir, "spec.json", SearchOption.AllDirectories).Order().FirstOrDefault() : null;
        if (path is null) throw new UsageException($"{dir}: no spec.json here or below: not a lottery study");
        return ReadSpec(path);
    }

    static LotterySpec ReadSpec(string path)
    {
        try { return JsonSerializer.Deserialize<LotterySpec>(File.ReadAllText(path), TrainRun.Json) ?? throw new EumentiaException($"{path}: empty spec"); }
        catch (JsonException e) { throw new EumentiaException($"{path}: unreadable spec ({e.Message})"); }
    }

    public static string RunDir(string outDir, string data, ulong seed) => Path.Combine(outDir, "runs", data, $"seed-{seed}");

    /// <summary>Every finished level under <paramref name="dir"/>, with the seed directory holding it ({seed dir}/{method}/level-NN/measurements.json).</summary>
    static IEnumerable<(LevelMeasurement Measurement, string SeedDir)> Finished(string dir)
    {
        if (!Directory.Exists(dir)) yield break;
        foreach (var path in Directory.EnumerateFiles(dir, "measurements.json", SearchOption.AllDirectories).Order())
        {
            LevelMeasurement? m;
            try { m = JsonSerializer.Deserialize<LevelMeasurement>(File.ReadAllText(path), TrainRun.Json); }
            catch (JsonException e) { throw new EumentiaException($"{path}: unreadable measurements ({e.Message}); delete its level directory to redo it"); }
            if (m is null) throw new EumentiaException($"{path}: empty measurements");
            yield return (m, Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(path)))!);
        }
    }

    /// <summary>
    /// The executor of the "lottery" sweep run kind: one study (typically one seed, seeds = 1, all data sets) in the
    /// run directory, then result.json with one evaluation entry per level, so `eumentia collect` tabulates the levels
    /// and `eumentia lottery --report-only --out {sweep dir}` analyses all runs together.
    /// </summary>
    public static void ExecuteSweepRun(LotterySpec spec, string runDir, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var analysis = Run(spec, runDir, new LotteryOptions(Environment.GetEnvironmentVariable("EUMENTIA_DATA")), cancel);
        AtomicFile.WriteAllText(Path.Combine(runDir, "result.json"), JsonSerializer.Serialize(new
        {
            Status = "done", Seconds = clock.Elapsed.TotalSeconds, Levels = analysis.Rows.Count, Evaluations = analysis.Rows,
        }, TrainRun.Json));
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
            var existing = ReadSpec(path);
            string Core(LotterySpec s) => JsonSerializer.Serialize(s with { Data = [], Seeds = 1 }, TrainRun.Json);
            if (Core(existing) != Core(spec))
                throw new UsageException($"{path} holds a study with other knobs; resume with the same options or choose another --out");
        }
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(spec, TrainRun.Json));
    }
}
