using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;
using Eumentia.Sweeps.Spec;

namespace Eumentia.Tests.Studies.Subset;

/// <summary>The exact decision of affine students: constructed systems whose solvability is known.</summary>
public class LinearMatchTests
{
    /// <summary>The frozen student of draw 0 and the target of its learnable weights planted at fresh values (in its image by construction).</summary>
    static (double[] Frozen, double[] Planted) Planted(SubsetNetwork net, int[] learnable)
    {
        var frozen = net.DrawWeights(3, RngStream.Of(RngStream.Student, 0));
        var planted = (double[])frozen.Clone();
        net.RedrawWeights(planted, learnable, 3, RngStream.Of(RngStream.Planted, 0), 0);
        return (frozen, net.Function(planted));
    }

    [Theory]
    [InlineData("ff:3-4-2", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 })] // all of W1 under a full-row-rank W2: J has rank e = 6
    [InlineData("ff:2-2-2", new[] { 0, 1 })]                                // one row of W1: rank 2 of 4 equations
    [InlineData("ff:3-3-3", new[] { 9, 13, 17 })]                           // the diagonal of W2
    [InlineData("rnn:1-3-1", new[] { 0, 1, 2 })]                            // U: M_k = V W^k U is linear in it
    [InlineData("rnn:2-3-2", new[] { 15, 16, 17, 18, 19 })]                 // part of V
    [InlineData("relu:2-3-1", new[] { 6, 7, 8 })]                           // the output layer of a ReLU net
    public void PlantedTargetsAreDecidedSolvableAndSolvedExactly(string name, int[] learnable)
    {
        var net = SubsetNetwork.Parse(name, 1);
        var (frozen, target) = Planted(net, learnable);
        var r = LinearMatch.Solve(net, frozen, learnable, target);
        Assert.Equal(Certificate.LinearSolvable, r.Certificate);
        Assert.True(r.RelativeResidual < 1e-12, $"residual {r.RelativeResidual:E2}");
        Assert.True(r.OffSpace <= r.RoundOff, $"off the space by {r.OffSpace:E2}, round-off {r.RoundOff:E2}");
    }

    [Theory]
    [InlineData("ff:2-2-2", new[] { 0, 1 })]
    [InlineData("ff:3-3-3", new[] { 9, 13, 17 })]
    [InlineData("rnn:1-3-1", new[] { 0, 1, 2 })]
    [InlineData("relu:2-3-1", new[] { 6, 7, 8 })]
    public void RandomTeachersOfRankDeficientSystemsAreDecidedUnsolvable(string name, int[] learnable)
    {
        var net = SubsetNetwork.Parse(name, 1);
        var frozen = net.DrawWeights(3, RngStream.Of(RngStream.Student, 0));
        var r = LinearMatch.Solve(net, frozen, learnable, net.Function(net.DrawWeights(3, RngStream.Of(RngStream.Teacher, 0))));
        Assert.Equal(Certificate.LinearUnsolvable, r.Certificate);
        Assert.True(r.Rank < net.EquationCount);
        Assert.True(r.OffSpace > 1e-3 && r.RelativeResidual > 1e-3, $"off the space by {r.OffSpace:E2}, residual {r.RelativeResidual:E2}");
    }

    /// <summary>
    /// The tolerance from the conditioning: a planted target moved off the column space by 1e-7 of its size is
    /// unsolvable (far above round-off), by 1e-15 solvable (below it); the least-squares residual, the study's
    /// match verdict, follows.
    /// </summary>
    [Theory]
    [InlineData(1e-7, false)]
    [InlineData(1e-15, true)]
    public void ATargetJustOffTheColumnSpaceIsDecidedByTheRoundOffLevel(double offset, bool solvable)
    {
        var net = SubsetNetwork.Parse("ff:2-2-2", 1);
        int[] learnable = [0, 1];
        var (frozen, target) = Planted(net, learnable);
        // The column space of one row of W1 is {W2[:, 0] x^T}; e_1 - W2[:,0] (W2[:,0]·e_1)/|W2[:,0]|² is orthogonal to it in every column.
        double a = frozen[4], c = frozen[6], n2 = a * a + c * c, size = Math.Sqrt(target.Sum(t => t * t));
        var normal = new[] { 1 - a * a / n2, -a * c / n2 }; // orthogonal to (a, c)
        double nn = Math.Sqrt(normal[0] * normal[0] + normal[1] * normal[1]);
        var moved = (double[])target.Clone();
        moved[0] += offset * size * normal[0] / nn; // output 0, input 0
        moved[2] += offset * size * normal[1] / nn; // output 1, input 0
        var r = LinearMatch.Solve(net, frozen, learnable, moved);
        Assert.Equal(solvable ? Certificate.LinearSolvable : Certificate.LinearUnsolvable, r.Certificate);
        if (!solvable) Assert.InRange(r.OffSpace, 0.1 * offset, 10 * offset); // measured relative to b = target - f(frozen), not to the target
        Assert.Equal(solvable, r.RelativeResidual < 1e-8);
    }

    [Fact]
    public void AffineBlocksAreTheOnesTheFunctionIsAffineIn()
    {
        var ff = SubsetNetwork.Parse("ff:2-3-2", 1);
        Assert.True(ff.IsAffineIn([0, 3, 5]));
        Assert.True(ff.IsAffineIn([6, 11]));
        Assert.False(ff.IsAffineIn([0, 6]));
        var rnn = SubsetNetwork.Parse("rnn:1-3-1", 1); // U 0..2, W 3..11, V 12..14
        Assert.True(rnn.IsAffineIn([0, 2]));
        Assert.True(rnn.IsAffineIn([12, 13]));
        Assert.False(rnn.IsAffineIn([4]));
        Assert.False(rnn.IsAffineIn([0, 12]));
        var relu = SubsetNetwork.Parse("relu:2-3-1", 1); // W1 0..5, W2 6..8
        Assert.True(relu.IsAffineIn([6, 8]));
        Assert.False(relu.IsAffineIn([0]));

        // Affine means f(w + t d) - f(w) = t (f(w + d) - f(w)) along any direction d of those weights.
        foreach (var (net, set) in new[] { (ff, new[] { 6, 7, 11 }), (rnn, new[] { 12, 14 }), (rnn, new[] { 0, 1, 2 }), (relu, new[] { 6, 7, 8 }) })
        {
            var w = net.DrawWeights(5, 6);
            var f0 = net.Function(w);
            var w1 = (double[])w.Clone();
            var w3 = (double[])w.Clone();
            foreach (int i in set) { w1[i] += 0.7; w3[i] += 2.1; }
            var f1 = net.Function(w1);
            var f3 = net.Function(w3);
            for (int e = 0; e < f0.Length; e++) Assert.Equal(3 * (f1[e] - f0[e]), f3[e] - f0[e], 1e-9);
        }
    }

    [Theory]
    [InlineData("ff:3-4-2-3")]
    [InlineData("rnn:2-3-2")]
    [InlineData("relu:2-3-2")]
    public void AReparameterisationKeepsTheFunctionAndChangesTheWeights(string name)
    {
        var net = SubsetNetwork.Parse(name, 1);
        var w = net.DrawWeights(7, 8);
        var other = net.Reparameterise(w, 7, 9);
        var f = net.Function(w);
        var g = net.Function(other);
        for (int e = 0; e < f.Length; e++) Assert.Equal(f[e], g[e], 1e-10);
        Assert.True(w.Zip(other).Max(p => Math.Abs(p.First - p.Second)) > 0.05);
    }
}

[Collection(ThreadBudgetCollection.Name)]
public class CertifiedSearchTests
{
    /// <summary>
    /// Students of ff:3-3-3-3 at m = D = 9 (random allocation, quick seed) whose only solutions found lie far
    /// from the init scale (a learnable weight of 296 with frozen ones of 0.05): the search before issue 23 missed
    /// them, the scaled confirming starts find them.
    /// </summary>
    [Theory]
    [InlineData(10)]
    [InlineData(37)]
    public void ScaledStartsFindSolutionsFarFromTheInitScale(int draw)
    {
        var net = SubsetNetwork.Parse("ff:3-3-3-3", 1);
        var old = MatchStudy.RunDraw(net, 9, Allocation.Parse("random"), draw, [9], new MatchOptions(Restarts: 4, Certify: false), 1).Single();
        var now = MatchStudy.RunDraw(net, 9, Allocation.Parse("random"), draw, [9], new MatchOptions(Restarts: 4), 1).Single();
        Assert.Equal(9, now.Rank);
        Assert.False(old.Matched);
        Assert.True(now.Matched, $"draw {draw}: residual {now.RelativeResidual:E2}");
        Assert.Equal(Certificate.FoundSolution, now.Certificate);
        Assert.Equal(9, now.SolutionRank); // a full-rank Jacobian at the solution: a smooth solution set through it
    }

    /// <summary>
    /// Every planted solution is found, at every budget of the grid, on every allocation, rank-deficient students and
    /// planted values 10x the init scale included, with the homotopy given a reparameterised teacher, not the planted
    /// weights. The search: the quick preset's, with its 48 confirming restarts on the ReLU net too (the preset gives
    /// ReLU nets 12, which missed a planted solution of a rank-deficient relu:2-3-1 student).
    /// </summary>
    [Fact]
    public void EveryPlantedSolutionIsFound()
    {
        var spec = new SubsetSpec(["rnn:1-3-1", "ff:3-3-3", "relu:2-3-1"], Allocation.BuiltIn, 1, 40, SubsetSpec.Preset("quick").Match with { RoughConfirmRestarts = null });
        var rows = SolverAudit.Run(spec, 6);
        Assert.Equal(3 * 9 * 6, rows.Count);
        Assert.Contains(rows, r => !r.FullRank);
        Assert.Contains(rows, r => r.Scale == 10);
        Assert.Contains(rows, r => r.Certificate == Certificate.LinearSolvable);
        Assert.All(rows, r => Assert.True(r.Found, $"{r.Network} {r.Allocation} m = {r.Budget} draw {r.Draw} (scale {r.Scale}, rank {r.Rank}): residual {r.RelativeResidual:E2}"));
        Assert.DoesNotContain(rows, r => r.Certificate.ProvesUnsolvable());
    }

    /// <summary>
    /// The audit at m = D, random allocation: every planted student found, and, among the study's own students
    /// there, none proven solvable is left unmatched, none is proven both ways, and the affine ones carry exact verdicts.
    /// </summary>
    [Fact]
    public void AtTheCountingThresholdNoSolvableStudentIsMissed()
    {
        var allocations = new[] { Allocation.Parse("random"), Allocation.Parse("concentrated-layer") };
        var spec = new SubsetSpec(["ff:3-3-3", "rnn:1-3-1", "ff:2-3-2"], allocations, 24, 40, SubsetSpec.Preset("quick").Match);
        var planted = SolverAudit.Run(spec, 24, atCountingThreshold: true);
        Assert.All(planted, r => Assert.True(r.Found, $"{r.Network} {r.Allocation} m = {r.Budget} draw {r.Draw}: residual {r.RelativeResidual:E2}"));

        var study = MatchStudy.Run(spec);
        var atD = study.Outcomes.Where(o => o.Budget == study.Networks.Single(n => n.Network == o.Network).IndependentEquations).ToArray();
        Assert.Equal(3 * 2 * 24, atD.Length);
        Assert.All(atD, o => Assert.True(!o.Certificate.ProvesSolvable() || o.Matched, $"{o.Network} {o.Allocation} draw {o.Draw}: {o.Certificate} yet unmatched"));
        Assert.All(atD.Where(o => o.Matched), o => Assert.True(o.Certificate.ProvesSolvable()));
        // A whole layer of ff:3-3-3 (9 = D weights) under an invertible frozen layer: a square linear system, always solvable, solved with no search.
        Assert.All(atD.Where(o => o.Network == "ff:3-3-3" && o.Allocation == "concentrated-layer"), o =>
        {
            Assert.Equal(Certificate.LinearSolvable, o.Certificate);
            Assert.True(o.Matched && o.Restarts == 0 && double.IsFinite(o.Conditioning));
        });
        var rows = MatchAnalysis.Probabilities(study).Where(p => p.Budget == p.IndependentEquations).ToArray();
        Assert.All(rows, p => Assert.Equal(0, p.SolvableUnmatched));
        Assert.All(rows, p => Assert.Equal(p.Draws, p.CertifiedSolvable + p.CertifiedUnsolvable + p.Undecided));
        Assert.All(rows, p => Assert.InRange(p.MatchProbability, 0, p.MatchProbabilityUpper));
    }

    [Fact]
    public void JobsPlannedNowCarryTheCertifiedSearchAndOldKeysKeepTheOldOne()
    {
        var spec = SubsetSpec.Preset("tiny");
        var job = MatchJobConfig.Of(spec, "ff:2-2-2", spec.Allocations[0], 3);
        Assert.True(job.Options.Certify);
        Assert.Contains("\"certify\":true", CanonicalConfig.Json(MatchJob.Kind, job), StringComparison.Ordinal);
        Assert.False(new MatchJobConfig { Network = "ff:4-4-4", Allocation = "random", Draw = 7 }.Options.Certify);
        Assert.Contains("\"certify\":true", CanonicalConfig.Json(RecheckJob.Kind, Recheck.Job(spec, new MatchOutcome("ff:2-2-2", spec.Allocations[0].Name, 3, 1, false, true, 1, 4, 1, 4, 0))), StringComparison.Ordinal);
    }
}
