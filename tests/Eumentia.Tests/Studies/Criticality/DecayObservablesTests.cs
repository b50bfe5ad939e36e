using Eumentia.Studies.Criticality;

namespace Eumentia.Tests.Studies.Criticality;

public class DecayObservablesTests
{
    /// <summary>
    /// Draws that decay as A_d l^−δ (A_d log-normal) until some die (exactly 0) at staggered layers: the mean over
    /// all draws, the survivors' mean and P(l) must be the ones the draws imply, and the plateau δ recovers δ
    /// while every draw is alive — and is steeper once draws die, as a DP simulation's ρ̄ is beyond L^z.
    /// </summary>
    [Fact]
    public void SeparatesSurvivalFromTheDensityAndRecoversTheDecayExponent()
    {
        const double delta = 0.159464;
        const int depth = 2000, draws = 40;
        var noise = new Random(5);
        var perDraw = Enumerable.Range(0, draws).Select(d =>
        {
            double amplitude = Math.Exp(0.3 * (noise.NextDouble() - 0.5));
            int death = d % 2 == 0 ? int.MaxValue : 600 + 10 * d; // half the draws die between layers 610 and 990
            return Enumerable.Range(0, depth + 1).Select(l => l == 0 ? 1.0 : l >= death ? 0.0 : amplitude * Math.Pow(l, -delta)).ToArray();
        }).ToArray();

        var (points, plateau) = DecayObservables.Measure(perDraw, 8, 400, replicates: 50);
        Assert.InRange(plateau.Value, delta - 1e-3, delta + 1e-3);
        Assert.True(plateau.Error < 0.01);

        var late = points.Last(p => p.Layer <= depth / Math.Sqrt(2));
        int alive = perDraw.Count(c => c[late.Layer] > 0);
        Assert.Equal((double)alive / draws, late.Survival, 12);
        Assert.Equal(0.5, late.Survival);
        Assert.Equal(perDraw.Average(c => c[late.Layer]), late.Rho, 12);
        Assert.Equal(perDraw.Where(c => c[late.Layer] > 0).Average(c => c[late.Layer]), late.RhoSurvivors, 12);

        var early = points.First(p => p.Layer >= 32);
        Assert.Equal(1.0, early.Survival);
        Assert.InRange(early.DeltaEffective, delta - 1e-3, delta + 1e-3);
        var dying = points.First(p => p.Layer >= 700);
        Assert.True(dying.DeltaEffective > 2 * delta, $"delta_eff {dying.DeltaEffective} where draws die");
    }

    [Fact]
    public void LogSpreadIsTheStandardDeviationOfLnRho()
    {
        var perDraw = new[] { new[] { 1.0, Math.E }, new[] { 1.0, Math.Exp(3) } };
        Assert.Equal(Math.Sqrt(2), DecayObservables.LogSpread(perDraw, 1), 12);
        Assert.Equal(0, DecayObservables.LogSpread(perDraw, 0), 12);
    }
}
