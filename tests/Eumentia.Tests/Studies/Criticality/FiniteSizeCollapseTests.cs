using Eumentia.Analysis.Collapse;
using Eumentia.Studies.Criticality;

namespace Eumentia.Tests.Studies.Criticality;

public class FiniteSizeCollapseTests
{
    /// <summary>ρ = L^−a f(l / L^z) with f(x) = 1 / (x (1 + x²)) and 10 % log-normal noise per draw.</summary>
    static CollapseCurve[] Synthetic(double a, double z, int seed)
    {
        var noise = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        return new[] { 16.0, 32.0, 64.0, 128.0 }.Select(size =>
        {
            int depth = (int)(4 * Math.Pow(size, z));
            var perDraw = Enumerable.Range(0, 8).Select(_ => Enumerable.Range(0, depth + 1).Select(l =>
            {
                double x = Math.Max(l, 1) / Math.Pow(size, z);
                return Math.Exp(0.1 * Gaussian()) * Math.Pow(size, -a) / (x * (1 + x * x));
            }).ToArray()).ToArray();
            return new CollapseCurve(size, perDraw);
        }).ToArray();
    }

    [Fact]
    public void RecoversMeanFieldWidthScalingAndSeparatesItFromDirectedPercolation()
    {
        var result = FiniteSizeCollapse.Fit(Synthetic(1.0, 1.0, 3), AbsorbingClass.MeanField, fromLayer: 4, fromScaled: 0.25, bootstrap: 10);
        Assert.InRange(result.A.Value, 0.9, 1.1);
        Assert.InRange(result.Z.Value, 0.9, 1.1);
        Assert.InRange(result.Delta.Value, 0.85, 1.15);
        Assert.True(result.QualityAtPredicted < 3, $"S at the true exponents: {result.QualityAtPredicted}");
        var wrong = FiniteSizeCollapse.Fit(Synthetic(1.0, 1.0, 3), AbsorbingClass.DirectedPercolation1D, fromLayer: 4, fromScaled: 0.25, bootstrap: 0);
        Assert.True(wrong.QualityAtPredicted > 10 * result.QualityAtPredicted, "directed-percolation exponents must collapse mean-field data visibly worse");
    }

    [Fact]
    public void RunsTooShortForTheirSizeGiveNoCollapseAndSaySo()
    {
        var curves = Synthetic(1.0, 1.0, 4).Select(c => c with { PerDraw = c.PerDraw.Select(d => d[..6]).ToArray() }).ToArray();
        var result = FiniteSizeCollapse.Fit(curves, AbsorbingClass.MeanField, fromLayer: 4, fromScaled: 0.5);
        Assert.True(result.A.IsMissing);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public void AFitThatRunsToTheEdgeOfItsRangeIsNoCollapse()
    {
        // ρ = L^−1 e^(−l / 10): a decay length that does not grow with L needs z = 0, below the search range
        // (0.05–5). The free fit ends on its bound, and the summary must report no exponents and say why, rather
        // than pass the bound off as a measurement.
        var noise = new Random(5);
        var curves = new[] { 16.0, 32.0, 64.0, 128.0 }.Select(size => new CollapseCurve(size, Enumerable.Range(0, 8).Select(_ =>
            Enumerable.Range(0, 201).Select(l => Math.Exp(0.1 * (noise.NextDouble() - 0.5)) / size * Math.Exp(-l / 10.0)).ToArray()).ToArray())).ToArray();
        var result = FiniteSizeCollapse.Fit(curves, AbsorbingClass.MeanField, fromLayer: 4, fromScaled: 0.02, bootstrap: 0);
        Assert.True(result.Delta.IsMissing && result.Z.IsMissing, $"z = {result.Z.Value}, delta = {result.Delta.Value}");
        Assert.Contains("no collapse", result.Problem);
        Assert.True(double.IsFinite(result.QualityAtPredicted));
    }
}
