using Eumentia.Numerics.RandomNumbers;
using Eumentia.Studies.Subset;

namespace Eumentia.Tests.Studies.Subset;

public class TransitionSharpnessTests
{
    [Fact]
    public void IsotonicPoolsAdjacentViolators()
    {
        Assert.Equal([0.1, 0.25, 0.25, 0.4], TransitionSharpness.Isotonic([0.1, 0.3, 0.2, 0.4]), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal([0.5, 0.5, 0.5], TransitionSharpness.Isotonic([1.0, 0.5, 0.0]));
    }

    /// <summary>Per-draw thresholds m* with P(m* ≤ m) = logistic((m - 20) / 2): m_0.5 = 20, width = 4 ln 9 = 8.79.</summary>
    [Fact]
    public void RecoversTheCentreAndWidthOfALogisticTransition()
    {
        int[] budgets = [.. Enumerable.Range(5, 31)];
        var draws = new List<bool[]>();
        for (int d = 0; d < 400; d++)
        {
            double u = Philox.Uniform(3, 4, (ulong)d), threshold = 20 + 2 * Math.Log(u / (1 - u));
            draws.Add([.. budgets.Select(m => m >= threshold)]);
        }
        var t = TransitionSharpness.Measure(budgets, draws, 200, 1, 2);
        Assert.True(t.Resolved);
        Assert.InRange(t.M50, 20 - 4 * t.M50Se - 0.5, 20 + 4 * t.M50Se + 0.5);
        Assert.InRange(t.Width, 8.79 - 4 * t.WidthSe - 1, 8.79 + 4 * t.WidthSe + 1);
        Assert.InRange(t.M50Se, 0.05, 1.0);
    }

    [Fact]
    public void AStepIsUnresolvedAndBoundedByTheGrid()
    {
        int[] budgets = [.. Enumerable.Range(1, 30)];
        var draws = Enumerable.Range(0, 50).Select(_ => budgets.Select(m => m >= 16).ToArray()).ToList();
        var t = TransitionSharpness.Measure(budgets, draws, 50, 1, 2);
        Assert.False(t.Resolved);
        Assert.Equal(15.5, t.M50, 9);
        Assert.Equal(1, t.GridSpacing);
        Assert.True(t.Width <= t.GridSpacing);
        Assert.Equal(0, t.M50Se, 9);
    }

    [Fact]
    public void ACurveThatNeverRisesHasNoCrossing()
    {
        int[] budgets = [1, 2, 3];
        var t = TransitionSharpness.Measure(budgets, [[false, false, false], [false, false, true]], 10, 1, 2);
        Assert.True(double.IsNaN(t.M90));
        Assert.Equal(2.2, t.M10, 9); // MP = 0, 0, 1/2: 0.1 is reached a fifth of the way from m = 2 to 3
    }
}
