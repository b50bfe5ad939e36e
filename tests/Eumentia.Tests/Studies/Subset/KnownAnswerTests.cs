using Eumentia.Analysis.Statistics;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

/// <summary>
/// A two-layer linear net y = W2 W1 x with only (part of) W1 learnable. W2 W1 = Σ over learnable (i, j) of
/// W1[i, j] w2_i e_j^T, so column j of the product can be any vector in the span of the columns w2_i of W2
/// for the learnable rows i in column j of W1. With n1 ≥ n2 and generic W2 a teacher is matched exactly
/// when every column of W1 has at least n2 learnable entries: MP is 1 or 0 by this rank condition, and for
/// a uniformly random subset it is a ratio of counts.
/// </summary>
public class KnownAnswerTests
{
    static readonly LinearFeedForwardNetwork Net = new([3, 4, 2]); // W1 is 4 x 3, W2 is 2 x 4; D = 6

    static Allocation Mask(params (int Row, int Col)[] cells) =>
        new(AllocationKind.Mask, Mask: [.. cells.Select(c => Net.Blocks[0].Index(c.Row, c.Col))], MaskName: "test");

    [Fact]
    public void SameBudgetMatchesOrNotAsTheRankConditionSays()
    {
        // Six learnable weights = D in both masks; only the first has two per column.
        var everyColumnTwo = Mask((0, 0), (1, 0), (2, 1), (3, 1), (0, 2), (3, 2));
        var oneColumnShort = Mask((0, 0), (1, 0), (2, 0), (2, 1), (3, 1), (1, 2));
        int D = JacobianRank.Generic(Net, 1);
        Assert.Equal(6, D);
        var options = new MatchOptions(Restarts: 2);
        for (int draw = 0; draw < 15; draw++)
        {
            var good = MatchStudy.RunDraw(Net, D, everyColumnTwo, draw, [6], options, 1).Single();
            var bad = MatchStudy.RunDraw(Net, D, oneColumnShort, draw, [6], options, 1).Single();
            Assert.True(good.Matched && good.Rank == D, $"draw {draw}: residual {good.RelativeResidual}, rank {good.Rank}");
            Assert.True(!bad.Matched && bad.Rank < D, $"draw {draw}: residual {bad.RelativeResidual}, rank {bad.Rank}");
            Assert.True(bad.RelativeResidual > 1e-3);
        }
    }

    /// <summary>P(every one of n0 columns of n1 cells gets at least n2 of m random cells): [x^m] (Σ_{k ≥ n2} C(n1, k) x^k)^n0 / C(n1 n0, m).</summary>
    static double ExactMatchProbability(int n0, int n1, int n2, int m)
    {
        var poly = new double[] { 1 };
        for (int c = 0; c < n0; c++)
        {
            var next = new double[poly.Length + n1];
            for (int i = 0; i < poly.Length; i++)
                for (int k = n2; k <= n1; k++) next[i + k] += poly[i] * Binomial(n1, k);
            poly = next;
        }
        return poly[m] / Binomial(n0 * n1, m);
    }

    static double Binomial(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (acc, i) => acc * (n - k + i) / i);

    [Theory]
    [InlineData(7)] // exact MP 432 / 792 = 0.545
    [InlineData(8)] // exact MP 396 / 495 = 0.8
    public void RandomSubsetOfTheFirstLayerMatchesWithTheCountedProbability(int m)
    {
        double exact = ExactMatchProbability(3, 4, 2, m);
        int draws = 150, matches = 0;
        var options = new MatchOptions(Restarts: 2);
        for (int draw = 0; draw < draws; draw++)
        {
            var cells = Philox.Permutation(11, RngStream.Of(RngStream.Subset, m, draw), 12).Take(m).ToArray();
            var mask = new Allocation(AllocationKind.Mask, Mask: cells, MaskName: "random-w1");
            var o = MatchStudy.RunDraw(Net, 6, mask, draw, [m], options, 1).Single();
            var counts = cells.GroupBy(c => c % 3).Select(g => g.Count()).ToList();
            bool predicted = counts.Count == 3 && counts.All(c => c >= 2);
            Assert.Equal(predicted, o.Matched);
            Assert.Equal(predicted, o.Rank == 6);
            if (o.Matched) matches++;
        }
        Assert.True(ProportionInterval.ClopperPearson(matches, draws, 0.999).Contains(exact), $"m = {m}: {matches}/{draws} vs exact {exact}");
    }

    /// <summary>
    /// A shallow ReLU student y = a·relu(W1 x) that learns all of W1 but keeps its output weights a frozen:
    /// relu(c w·x) = c relu(w·x) only for c &gt; 0, so each student unit can take over a teacher unit only
    /// with an output weight of the same sign. The Jacobian has full rank D = 12 in every draw, yet a match
    /// exists exactly when student and teacher have equally many positive output weights (probability
    /// C(8, 4) / 2^8 = 0.27 for four units): a case where full rank does not mean MP near 1.
    /// </summary>
    [Fact]
    public void ReluStudentWithFrozenOutputsMatchesExactlyWhenTheSignCountsAgree()
    {
        var net = SubsetNetwork.Parse("relu:3-4-1", 1);
        var firstLayer = new Allocation(AllocationKind.Mask, Mask: [.. Enumerable.Range(0, 12)], MaskName: "w1");
        int agreeing = 0;
        for (int draw = 0; draw < 16; draw++)
        {
            var teacher = net.DrawWeights(1, RngStream.Of(RngStream.Teacher, net.Tag, draw));
            var frozen = net.DrawWeights(1, RngStream.Of(RngStream.Student, net.Tag, draw));
            bool signsAgree = teacher.Skip(12).Count(a => a > 0) == frozen.Skip(12).Count(a => a > 0);
            var o = MatchStudy.RunDraw(net, 12, firstLayer, draw, [12], new MatchOptions(Restarts: 8, ConfirmRestarts: 0), 1).Single();
            Assert.Equal(12, o.Rank);
            Assert.True(signsAgree == o.Matched, $"draw {draw}: sign counts agree {signsAgree}, matched {o.Matched} (residual {o.RelativeResidual:E2})");
            if (signsAgree) agreeing++;
        }
        Assert.InRange(agreeing, 2, 14); // both kinds of draw occur
    }
}
