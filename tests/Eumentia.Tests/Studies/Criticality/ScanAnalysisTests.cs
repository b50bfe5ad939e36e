using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Tests.Studies.Criticality;

public class ScanAnalysisTests
{
    [Fact]
    public void MeanFieldIterationGivesMeanFieldExponents()
    {
        const int order = 32, depth = 3000;
        double critical = CriticalLine.SigmaW(Activation.Tanh, 0.3, order: order);
        var scan = new[] { -0.04, -0.02, -0.01, -0.005, 0.005, 0.01, 0.02, 0.04 }.Select(d =>
        {
            var field = new MeanField(Activation.Tanh, critical * (1 + d), 0.3, order: order);
            var rho = field.Iterate(field.LengthFixedPoint(), 1.0, depth).Rho.ToArray();
            return new ScanPoint(field.SigmaW, [rho]);
        }).ToArray();
        var result = ScanAnalysis.Analyse(scan, new ScanWindows(40, 400, 2500, depth));
        Assert.InRange(result.SigmaC.Value / critical, 0.997, 1.003);
        Assert.InRange(result.Delta.Value, 0.93, 1.07);
        Assert.InRange(result.Beta.Value, 0.9, 1.1);
        Assert.InRange(result.NuParallel.Value, 0.9, 1.1);
    }

    /// <summary>
    /// Curves with a known scaling form ρ = l^−δ F(Δ l^{1/ν∥}), β = δ ν∥ (1+1-D directed percolation values),
    /// and 5 % log-normal noise per draw.
    /// </summary>
    [Fact]
    public void RecoversDirectedPercolationExponentsFromSyntheticCurves()
    {
        const double delta = 0.159464, nu = 1.733847, beta = delta * nu, critical = 1.5;
        const int depth = 4000, draws = 12;
        var noise = new Random(11);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        double Rho(double d, int l) => d >= 0
            ? Math.Pow(Math.Pow(l, -delta * 4) + Math.Pow(Math.Pow(d, beta), 4), 0.25)
            : Math.Pow(l, -delta) * Math.Exp(-l * Math.Pow(-d, nu));
        var scan = new[] { -0.06, -0.04, -0.025, -0.015, 0.005, 0.01, 0.02, 0.04 }.Select(d =>
        {
            var perDraw = Enumerable.Range(0, draws).Select(_ =>
            {
                double factor = Math.Exp(0.05 * Gaussian());
                return Enumerable.Range(0, depth + 1).Select(l => l == 0 ? 1.0 : factor * Rho(d, l)).ToArray();
            }).ToArray();
            return new ScanPoint(critical + d, perDraw);
        }).ToArray();
        var result = ScanAnalysis.Analyse(scan, new ScanWindows(10, 300, 3500, depth), replicates: 50);
        Assert.InRange(result.SigmaC.Value, critical - 0.005, critical + 0.005);
        Assert.InRange(result.Delta.Value, delta - 0.02, delta + 0.02);
        Assert.InRange(result.Beta.Value, beta * 0.85, beta * 1.15);
        Assert.InRange(result.NuParallel.Value, nu * 0.85, nu * 1.15);
        Assert.True(result.Delta.Error > 0 && result.Delta.Error < 0.05);
    }
}
