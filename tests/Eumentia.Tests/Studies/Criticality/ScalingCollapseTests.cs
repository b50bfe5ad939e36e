using Eumentia.Studies.Criticality;

namespace Eumentia.Tests.Studies.Criticality;

public class ScalingCollapseTests
{
    /// <summary>ρ = L^−a f(l/L^b) with f(x) = 1 / (x (1 + x²)) and 10 % log-normal noise per draw.</summary>
    static CollapseCurve[] Synthetic(double a, double b, int seed)
    {
        var noise = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        return new[] { 16.0, 32.0, 64.0, 128.0 }.Select(size =>
        {
            int depth = (int)(4 * Math.Pow(size, b));
            var perDraw = Enumerable.Range(0, 16).Select(_ =>
            {
                double factor = Math.Exp(0.1 * Gaussian());
                return Enumerable.Range(0, depth + 1).Select(l =>
                {
                    double x = Math.Max(l, 1) / Math.Pow(size, b);
                    return factor * Math.Pow(size, -a) / (x * (1 + x * x));
                }).ToArray();
            }).ToArray();
            return new CollapseCurve(size, perDraw);
        }).ToArray();
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.252, 1.58)]
    public void RecoversTheCollapseExponents(double a, double b)
    {
        var result = ScalingCollapse.Fit(Synthetic(a, b, 3), fromLayer: 4, predictedA: 1.0, predictedB: 1.0, replicates: 20);
        Assert.InRange(result.A.Value, a - 0.05, a + 0.05);
        Assert.InRange(result.B.Value, b - 0.05, b + 0.05);
        Assert.True(result.Quality < 3, $"quality {result.Quality}");
        if (a != 1.0) Assert.True(result.QualityAtPredicted > 10 * result.Quality, "wrong exponents must collapse visibly worse");
    }
}
