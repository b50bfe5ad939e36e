using System.Text.Json;
using Eumentia.IO;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies.Lottery;

/// <summary>
/// The lottery study's run kinds. "lottery-imp" (<see cref="LotteryLevelConfig"/>) trains and measures one IMP level;
/// level ℓ ≥ 1 reads the run of level ℓ − 1 and the rewind point of level 0, which lie beside it in the same ledger
/// under their own keys. "lottery-branch" (<see cref="LotteryBranchConfig"/>) trains and measures one baseline from
/// the IMP level it names by key. Each writes the files of <see cref="LotteryRun"/>, then result.json. A diverged
/// training fails for good (the same seed diverges again); the study goes on with what finished. Real data sets are
/// found through EUMENTIA_DATA (or their default places), as `train` runs find theirs.
/// </summary>
public static class LotteryRuns
{
    /// <summary>A "lottery-imp" run's config as JSON, beside its result: its branches read it.</summary>
    public const string ConfigFile = "config.json";

    public static RunKind<LotteryLevelConfig> Imp { get; } = RunKind.Create<LotteryLevelConfig>("lottery-imp", ExecuteLevel)
        .WithCost((config, _) => LotteryCost.Level(config), LotteryCost.Rate, LotteryCost.SecondsPerRun);

    public static RunKind<LotteryBranchConfig> Branch { get; } = RunKind.Create<LotteryBranchConfig>("lottery-branch", ExecuteBranch)
        .WithCost(LotteryCost.Branch, LotteryCost.Rate, LotteryCost.SecondsPerRun);

    /// <summary>The measurements of a finished level or baseline.</summary>
    public static LevelMeasurement Read(FinishedRun run) => StudyFiles.ReadJson<LevelMeasurement>(Path.Combine(run.Directory, LotteryRun.MeasurementsFile));

    static RunOutcome ExecuteLevel(LotteryLevelConfig config, string dir, CancellationToken cancel) => Train(dir, () =>
    {
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, ConfigFile), ConfigJson(config));
        var run = Network(config, cancel);
        string runs = RunsFolder(dir);
        return config.Level == 0 ? run.Dense(dir)
            : run.Prune(config.Level, Sibling(runs, config with { Level = config.Level - 1 }), Sibling(runs, config with { Level = 0 }), dir);
    });

    static RunOutcome ExecuteBranch(LotteryBranchConfig config, string dir, CancellationToken cancel) => Train(dir, () =>
    {
        string runs = RunsFolder(dir), impDir = Path.Combine(runs, config.Imp);
        var level = StudyFiles.ReadJson<LotteryLevelConfig>(Path.Combine(impDir, ConfigFile));
        if (CanonicalConfig.Key(Imp, level) != config.Imp)
            throw new EumentiaException($"{impDir}: its {ConfigFile} is not the config of run {config.Imp}");
        return Network(level, cancel).Baseline(config.Method, level.Level, impDir, Sibling(runs, level with { Level = 0 }), dir);
    });

    static LotteryRun Network(LotteryLevelConfig config, CancellationToken cancel) =>
        new(config, LotteryData.Load(config.Spec(), config.Data, config.Seed, Environment.GetEnvironmentVariable("EUMENTIA_DATA")), cancel: cancel);

    static RunOutcome Train(string dir, Func<LevelMeasurement> train)
    {
        LevelMeasurement m;
        try { m = train(); }
        catch (TrainingDivergedException e) { return RunOutcome.Failure(e.Message, retryable: false); }
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), ResultJson(m));
        return RunOutcome.Success;
    }

    /// <summary>The config.json of a "lottery-imp" run.</summary>
    public static string ConfigJson(LotteryLevelConfig config) => JsonSerializer.Serialize(config, JsonDefaults.Options);

    /// <summary>The result.json of a finished level or baseline: the headline of its measurements.</summary>
    public static string ResultJson(LevelMeasurement m) => JsonSerializer.Serialize(new
    {
        Status = "done", m.Data, m.Seed, m.Method, m.Level, m.Density, m.TestAccuracy, m.IprMean, m.IprNormalisedMean, m.DistanceRatioMean, m.WindowExcessMean,
        m.NeighbourCorrelationMean, m.KurtosisMean, m.NonGaussianityMean, m.CavityAuc, m.Seconds,
    }, JsonDefaults.Options);

    /// <summary>The ledger folder holding a run directory (its siblings are the other runs).</summary>
    static string RunsFolder(string dir) => Path.GetDirectoryName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar))!;

    static string Sibling(string runs, LotteryLevelConfig config) => Path.Combine(runs, CanonicalConfig.Key(Imp, config));
}
