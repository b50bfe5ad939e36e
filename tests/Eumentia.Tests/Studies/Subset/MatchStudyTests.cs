using Eumentia.Nets.TeacherStudent;
using Eumentia.Studies.Subset;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Studies.Subset;

[Collection(ThreadBudgetCollection.Name)]
public class MatchStudyTests
{
    static readonly SubsetSpec Small = new(["ff:2-2-2", "rnn:1-2-1"], [Allocation.Parse("random"), Allocation.Parse("spread-row")], 6, 8, new MatchOptions(Restarts: 2));

    /// <summary>
    /// A matching job's key holds its own settings only: more draws, networks or allocations, the MNIST case or the
    /// bootstrap do not change it (a study that grows reuses its finished jobs), while its seed, budget grid and
    /// search do. Pinned: these keys name directories of existing results; if this fails, they are orphaned.
    /// printf '%s' '&lt;canonical&gt;' | sha256sum | cut -c1-16
    /// </summary>
    [Fact]
    public void MatchingJobsAreKeyedByTheirOwnSettings()
    {
        // The search before issue 23 keeps its keys; the certified search is a new field, so its jobs are new runs.
        var job = MatchJobConfig.Of(Small with { Match = Small.Match with { Certify = false } }, "ff:2-2-2", Allocation.Parse("spread-row"), 3);
        Assert.Equal("{\"config\":{\"allocation\":\"spread-row\",\"budget_points\":8,\"draw\":3,\"network\":\"ff:2-2-2\",\"restarts\":2},\"kind\":\"subset-match\"}",
            CanonicalConfig.Json(MatchJob.Kind, job));
        Assert.Equal("289d236725fb5c77", CanonicalConfig.Key(MatchJob.Kind, job));
        string Key(SubsetSpec spec) => CanonicalConfig.Key(MatchJob.Kind, MatchJobConfig.Of(spec, "ff:2-2-2", Allocation.Parse("spread-row"), 3));
        Assert.Equal(Key(Small), Key(Small with { Draws = 600, Networks = ["ff:2-2-2"], Bootstrap = 7, Rechecks = 0, Mnist = MnistSubsetSpec.Preset("quick") }));
        Assert.NotEqual(Key(Small), Key(Small with { Seed = 2 }));
        Assert.NotEqual(Key(Small), Key(Small with { MaxBudgetPoints = 9 }));
        Assert.NotEqual(Key(Small), Key(Small with { Match = Small.Match with { ConfirmRestarts = 3 } }));
        Assert.NotEqual(Key(Small), CanonicalConfig.Key(MatchJob.Kind, job));
        // A mask is keyed by its weights, not by its file's name or place.
        var mask = new Allocation(AllocationKind.Mask, Mask: [0, 1, 2], MaskName: "m", MaskNetwork: "ff:2-2-2");
        Assert.Contains("\"mask\":[0,1,2]", CanonicalConfig.Json(MatchJob.Kind, MatchJobConfig.Of(Small, "ff:2-2-2", mask, 0)));
    }

    /// <summary>A job's outcomes are those of its draw computed directly (the executor adds only D and the budget grid).</summary>
    [Fact]
    public void AJobComputesItsDrawAtEveryBudgetOfTheGrid()
    {
        var network = SubsetNetwork.Parse("ff:2-2-2", Small.Seed);
        int d = JacobianRank.Generic(network, Small.Seed);
        var direct = MatchStudy.RunDraw(network, d, Allocation.Parse("random"), 2, Small.Budgets(network.WeightCount, d), Small.Match, Small.Seed);
        Assert.Equal(direct, MatchJob.Compute(MatchJobConfig.Of(Small, "ff:2-2-2", Allocation.Parse("random"), 2)));
        Assert.Equal(network.WeightCount, direct.Length); // 8 weights, 8 budget points: every m
    }

    [Fact]
    public void MatchesAreMonotoneInTheBudgetAndNeverBeatTheRank()
    {
        var r = MatchStudy.Run(Small);
        foreach (var curve in r.Outcomes.GroupBy(o => (o.Network, o.Allocation, o.Draw)))
        {
            var matched = curve.OrderBy(o => o.Budget).Select(o => o.Matched).ToArray();
            Assert.True(matched.SkipWhile(m => !m).All(m => m), $"{curve.Key}: {string.Join(",", matched)}");
        }
        var d = r.Networks.ToDictionary(n => n.Network, n => n.IndependentEquations);
        Assert.Equal(4, d["ff:2-2-2"]);
        Assert.Equal(4, d["rnn:1-2-1"]);
        Assert.DoesNotContain(r.Outcomes, o => o.Matched && o.Rank < d[o.Network]);
        Assert.All(r.Outcomes.Where(o => o.Budget < d[o.Network]), o => Assert.False(o.Matched));
    }

    [Fact]
    public void AnalysisCountsEveryDrawAndWritesTheTables()
    {
        var r = MatchStudy.Run(Small);
        var results = SubsetOutputs.Analyse(Small, r, Recheck.Run(Small, r, 2), null, 0);
        Assert.All(results.Probabilities, p =>
        {
            Assert.Equal(6, p.Draws);
            Assert.Equal(p.Draws, p.FullRankMatched + p.FullRankUnmatched + p.DeficientMatched + p.DeficientUnmatched);
            Assert.InRange(p.MatchProbability, p.WilsonLower, p.WilsonUpper);
        });
        Assert.Equal(4, results.Transitions.Count);
        var dir = Path.Combine(Path.GetTempPath(), "eumentia-subset-" + Guid.NewGuid().ToString("N"));
        try
        {
            SubsetOutputs.Write(results, dir);
            var header = File.ReadLines(Path.Combine(dir, "transitions.csv")).First();
            Assert.Contains("match_m50_se", header);
            Assert.Equal(r.Outcomes.Count + 1, File.ReadLines(Path.Combine(dir, "outcomes.csv")).Count());
            Assert.Contains("\"agreement\"", File.ReadAllText(Path.Combine(dir, "subset.json")));
            Assert.True(File.Exists(Path.Combine(dir, "rechecks.csv")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
