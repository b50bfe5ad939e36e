using Eumentia.Numerics.Threading;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

[Collection(ThreadBudgetCollection.Name)]
public class MatchStudyTests
{
    static readonly SubsetSpec Small = new(["ff:2-2-2", "rnn:1-2-1"], [Allocation.Parse("random"), Allocation.Parse("spread-row")], 6, 8, new MatchOptions(Restarts: 2));

    [Fact]
    public void ResultsDoNotDependOnTheThreadCount()
    {
        int saved = Parallelism.MaxThreads;
        try
        {
            Parallelism.MaxThreads = 1;
            var one = MatchStudy.Run(Small);
            Parallelism.MaxThreads = 3;
            var three = MatchStudy.Run(Small);
            Assert.Equal(one.Outcomes, three.Outcomes);
        }
        finally { Parallelism.MaxThreads = saved; }
    }

    /// <summary>
    /// A run stopped part way (cancelled, with a torn half line at the end of its ledger as a kill during a
    /// write leaves) and resumed on another thread count ends with exactly the outcomes of an uninterrupted
    /// run, computing only the jobs the ledger lacks; a third run computes nothing.
    /// </summary>
    [Fact]
    public void AnInterruptedRunResumesFromItsLedgerToTheUninterruptedOutcomes()
    {
        int saved = Parallelism.MaxThreads;
        var dir = Path.Combine(Path.GetTempPath(), "eumentia-subset-ledger-" + Guid.NewGuid().ToString("N"));
        var ledger = Path.Combine(dir, MatchStudy.LedgerName(Small));
        try
        {
            Parallelism.MaxThreads = 1;
            var whole = MatchStudy.Run(Small);
            int jobs = whole.Outcomes.Select(o => (o.Network, o.Allocation, o.Draw)).Distinct().Count();
            Parallelism.MaxThreads = 2;
            using var stop = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => MatchStudy.Run(Small, (done, _) => { if (done >= 5) stop.Cancel(); }, stop.Token, ledger));
            int kept = File.ReadAllLines(ledger).Length;
            Assert.InRange(kept, 5, jobs - 1);
            File.AppendAllText(ledger, "{\"Key\":\"ff:2-2-2|random|5\",\"Value\":[{\"Network\":\"ff:2");

            Parallelism.MaxThreads = 3;
            int computed = 0;
            var resumed = MatchStudy.Run(Small, (_, _) => Interlocked.Increment(ref computed), default, ledger);
            Assert.Equal(whole.Outcomes, resumed.Outcomes);
            Assert.Equal(jobs - kept, computed);
            computed = 0;
            Assert.Equal(whole.Outcomes, MatchStudy.Run(Small, (_, _) => Interlocked.Increment(ref computed), default, ledger).Outcomes);
            Assert.Equal(0, computed);
            Assert.NotEqual(MatchStudy.LedgerName(Small), MatchStudy.LedgerName(Small with { Seed = 2 }));
            Assert.Equal(MatchStudy.LedgerName(Small), MatchStudy.LedgerName(Small with { Draws = 600 }));
        }
        finally
        {
            Parallelism.MaxThreads = saved;
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    /// <summary>Two shards (as two Slurm array tasks would run them) leave nothing for the final run to compute.</summary>
    [Fact]
    public void ShardsTogetherDoEveryJobOnceAndTheFinalRunReadsThem()
    {
        var dir = Path.Combine(Path.GetTempPath(), "eumentia-subset-shards-" + Guid.NewGuid().ToString("N"));
        try
        {
            var whole = MatchStudy.Run(Small);
            int jobs = whole.Outcomes.Select(o => (o.Network, o.Allocation, o.Draw)).Distinct().Count();
            int first = 0, second = 0;
            MatchStudy.Run(Small, (_, _) => Interlocked.Increment(ref first), default, Path.Combine(dir, MatchStudy.LedgerName(Small, (0, 2))), (0, 2));
            MatchStudy.Run(Small, (_, _) => Interlocked.Increment(ref second), default, Path.Combine(dir, MatchStudy.LedgerName(Small, (1, 2))), (1, 2));
            Assert.Equal(jobs, first + second);
            Assert.Equal(jobs / 2, first);
            int computed = 0;
            var final = MatchStudy.Run(Small, (_, _) => Interlocked.Increment(ref computed), default, Path.Combine(dir, MatchStudy.LedgerName(Small)));
            Assert.Equal(0, computed);
            Assert.Equal(whole.Outcomes, final.Outcomes);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
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
