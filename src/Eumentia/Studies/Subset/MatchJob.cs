using System.Diagnostics;
using System.Text.Json;
using Eumentia.IO;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The run kind "subset-match": executes a <see cref="MatchJobConfig"/> into its run directory as outcomes.json (one
/// <see cref="MatchOutcome"/> per budget) and, last, result.json. The outcomes depend on the config alone, so any
/// thread count, worker or node gives the same ones. A change to the search or the networks that changes outcomes
/// must rename the kind, so that runs of older code are not read as this code's.
/// </summary>
public static class MatchJob
{
    public const string OutcomesFile = "outcomes.json";

    public static RunKind<MatchJobConfig> Kind { get; } = RunKind.Create<MatchJobConfig>("subset-match", Execute)
        .WithCost((config, _) => SubsetCost.Match(config), SubsetCost.MatchRate, SubsetCost.MatchSecondsPerRun);

    /// <summary>The job's outcomes, computed here: D is the network's generic rank, the budgets the grid of <see cref="SubsetSpec.BudgetGrid"/>.</summary>
    public static MatchOutcome[] Compute(MatchJobConfig config)
    {
        var network = SubsetNetwork.Parse(config.Network, config.Seed);
        int independent = JacobianRank.Generic(network, config.Seed);
        var budgets = SubsetSpec.BudgetGrid(network.WeightCount, independent, config.BudgetPoints);
        return MatchStudy.RunDraw(network, independent, config.ToAllocation(), config.Draw, budgets, config.Options, config.Seed);
    }

    static void Execute(MatchJobConfig config, string dir, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = Compute(config);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, OutcomesFile), JsonSerializer.Serialize(outcomes, JsonDefaults.Options));
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), ResultJson(outcomes, clock.Elapsed.TotalSeconds));
    }

    /// <summary>The result.json of a finished job.</summary>
    public static string ResultJson(MatchOutcome[] outcomes, double seconds) => JsonSerializer.Serialize(new
    {
        Status = "done", Budgets = outcomes.Length, Matched = outcomes.Count(o => o.Matched), Seconds = seconds,
    }, JsonDefaults.Options);

    /// <summary>The outcomes of a finished job.</summary>
    public static MatchOutcome[] Read(FinishedRun run) => StudyFiles.ReadJson<MatchOutcome[]>(Path.Combine(run.Directory, OutcomesFile));
}
