using System.Text.Json;
using Eumentia.IO;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps;
using Eumentia.Training;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The run kind "subset-recheck": searches a <see cref="RecheckJobConfig"/>'s student again with
/// <see cref="Recheck.LongSearch"/> and writes its outcome to outcome.json, then result.json.
/// </summary>
public static class RecheckJob
{
    public const string OutcomeFile = "outcome.json";

    public static RunKind<RecheckJobConfig> Kind { get; } = RunKind.Create<RecheckJobConfig>("subset-recheck", Execute)
        .WithCost((config, _) => SubsetCost.Recheck(config), SubsetCost.MatchRate, SubsetCost.MatchSecondsPerRun);

    public static MatchOutcome Compute(RecheckJobConfig c)
    {
        var network = SubsetNetwork.Parse(c.Network, c.Seed);
        var allocation = new MatchJobConfig { Network = c.Network, Allocation = c.Allocation, Mask = c.Mask }.ToAllocation();
        return MatchStudy.RunDraw(network, JacobianRank.Generic(network, c.Seed), allocation, c.Draw, [c.Budget], Recheck.LongSearch(c.Tolerance, c.Certify), c.Seed).Single();
    }

    static void Execute(RecheckJobConfig config, string dir, CancellationToken cancel)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var outcome = Compute(config);
        Directory.CreateDirectory(dir);
        AtomicFile.WriteAllText(Path.Combine(dir, OutcomeFile), JsonSerializer.Serialize(outcome, JsonDefaults.Options));
        AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), JsonSerializer.Serialize(new { Status = "done", outcome.Matched, outcome.RelativeResidual, Seconds = clock.Elapsed.TotalSeconds }, JsonDefaults.Options));
    }

    public static MatchOutcome Read(FinishedRun run) => StudyFiles.ReadJson<MatchOutcome>(Path.Combine(run.Directory, OutcomeFile));
}
