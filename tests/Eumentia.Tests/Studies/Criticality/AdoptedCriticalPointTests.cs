using Eumentia.Analysis.Statistics;
using Eumentia.Studies.Criticality;

namespace Eumentia.Tests.Studies.Criticality;

public class AdoptedCriticalPointTests
{
    const double Delta = 0.159464, Nu = 1.733847, Beta = Delta * Nu, Critical = 1.5, Crossover = 20;
    const int Depth = 3000, WindowFrom = 8, WindowTo = 1200;

    /// <summary>
    /// A DP-like scan with a mean-field start, as a locally connected CNN decays: at σ_c, ρ_c(l) = l^−δ (1 + l×/l)^{1−δ}
    /// (δ_eff = 1 for l ≪ l× = 20, DP's 0.159 beyond); below it ρ_c(l) exp(−l |Δ|^ν∥), above it a smooth maximum of ρ_c(l)
    /// and the plateau Δ^β. Each draw carries 5 % log-normal noise.
    /// </summary>
    static ScanPoint[] Scan(double[] offsets, int draws = 12, double bend = 0)
    {
        var noise = new Random(5);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        static double AtCritical(int l) => Math.Pow(l, -Delta) * Math.Pow(1 + Crossover / l, 1 - Delta);
        static double Rho(double d, int l) => d >= 0
            ? Math.Pow(Math.Pow(AtCritical(l), 12) + Math.Pow(Math.Pow(d, Beta), 12), 1.0 / 12)
            : AtCritical(l) * Math.Exp(-l * Math.Pow(-d, Nu));
        return offsets.Select(d => new ScanPoint(Critical + d, Enumerable.Range(0, draws).Select(_ =>
        {
            double factor = Math.Exp(0.05 * Gaussian());
            return Enumerable.Range(0, Depth + 1).Select(l => l == 0 ? 1.0 : factor * Rho(d, l) * Math.Exp(-bend * Math.Pow(Math.Log(l), 2))).ToArray();
        }).ToArray())).ToArray();
    }

    static readonly double[] Offsets = [-0.03, -0.015, -0.005, 0.005, 0.015, 0.03, 0.06, 0.1];

    [Fact]
    public void TheLateTimeCurvatureFindsTheCriticalPointThatTheCrossoverHidesFromTheWholeWindow()
    {
        var scan = Scan(Offsets);
        var late = ScanAnalysis.Analyse(scan, new ScanWindows(WindowFrom, WindowTo, 2200, Depth, CurvatureFrom: WindowTo / 10), replicates: 40);
        var whole = ScanAnalysis.Analyse(scan, new ScanWindows(WindowFrom, WindowTo, 2200, Depth), replicates: 40);
        // Over the whole window the bend from δ_eff = 1 to 0.16 makes the critical curve look active: σ_c comes out a whole
        // fine step low; over the last decade it lands between the two σ_w that bracket σ_c (±0.005), three times closer.
        Assert.True(whole.SigmaCFromCurvature.Value < Critical - 0.01, $"whole-window curvature gave {whole.SigmaCFromCurvature}");
        Assert.InRange(late.SigmaCFromCurvature.Value, Critical - 0.005, Critical + 0.005);
        Assert.True(Math.Abs(Critical - late.SigmaCFromCurvature.Value) < (Critical - whole.SigmaCFromCurvature.Value) / 3,
            $"late {late.SigmaCFromCurvature}, whole {whole.SigmaCFromCurvature}");

        var adopted = AdoptedCriticalPoint.Choose(late, Critical - 0.03, Critical + 0.1, 0.01);
        Assert.Equal(AdoptedCriticalPoint.Curvature, adopted.Criterion);
        Assert.Equal(late.SigmaCFromCurvature.Value, adopted.SigmaC.Value);
        Assert.Equal(late.SigmaC.Value, adopted.Other);
        // The other criterion's disagreement is part of the error.
        Assert.True(adopted.SigmaC.Error >= adopted.Disagreement, $"error {adopted.SigmaC.Error} below the disagreement {adopted.Disagreement}");
    }

    [Fact]
    public void SettledCurvesCountAsActiveWhateverTheSignOfTheirLateCurvature()
    {
        // A slight downward bend of every curve (ln ρ gains −0.005 ln² l) leaves the plateaus' late curvature a little negative,
        // as a noisy settled curve may be; the five flat settled σ_w must not outvote the crossing between −0.005 and +0.005.
        var scan = Scan([-0.03, -0.015, -0.005, 0.005, 0.015, 0.1, 0.15, 0.2, 0.3, 0.5, 0.8, 1.0], bend: 0.005);
        var late = ScanAnalysis.Analyse(scan, new ScanWindows(WindowFrom, WindowTo, 2200, Depth, CurvatureFrom: WindowTo / 10), replicates: 20);
        Assert.True(late.Rows.Count(r => r.Curvature < 0) >= 7, "the test needs settled curves that bend down: "
            + string.Join(", ", late.Rows.Select(r => $"{r.SigmaW}: {r.Curvature:G3}")));
        Assert.InRange(late.SigmaCFromCurvature.Value, Critical - 0.005, Critical + 0.005);
    }

    [Fact]
    public void BetaAndNuParallelAtTheTrueCriticalPointRecoverTheirClasses()
    {
        var scan = Scan([-0.08, -0.04, -0.02, -0.01, 0.02, 0.04, 0.08, 0.16]);
        var at = new Estimate(Critical, 0);
        var beta = BetaFit.AboveCriticalPoint(scan, at, 2200, Depth, replicates: 40);
        Assert.InRange(beta.Value, 0.9 * Beta, 1.1 * Beta);
        var (nu, _) = NuParallelFit.BelowCriticalPoint(scan.Where(p => p.SigmaW < Critical).ToArray(), at, replicates: 40);
        Assert.InRange(nu.Value, 0.85 * Nu, 1.15 * Nu);
        // A σ_c placed 1 % too high takes the nearest active point for an ordered one's neighbour: β moves well outside its error.
        var misplaced = BetaFit.AboveCriticalPoint(scan, new Estimate(Critical + 0.015, 0), 2200, Depth, replicates: 40);
        Assert.True(Math.Abs(misplaced.Value - beta.Value) > 5 * beta.Error, $"beta {beta} vs {misplaced} at a misplaced sigma_c");
        // σ_c's error reaches β.
        var blurred = BetaFit.AboveCriticalPoint(scan, new Estimate(Critical, 0.005), 2200, Depth, replicates: 40);
        Assert.True(blurred.Error > 2 * beta.Error, $"sigma_c error 0.005: beta error {blurred.Error:G3} vs {beta.Error:G3} without");
    }

    [Fact]
    public void WithoutACurvatureCrossingTheExtrapolationAndThenTheBracketAreUsed()
    {
        Estimate none = Estimate.Missing, at = new(1.41, 0.002);
        ScanExponents Exponents(Estimate extrapolated, Estimate curvature) => new(extrapolated, none, none, none, curvature, none, []);
        var fallback = AdoptedCriticalPoint.Choose(Exponents(at, none), 1.40, 1.42, 0.004);
        Assert.Equal((AdoptedCriticalPoint.Extrapolation, 1.41, 0.002), (fallback.Criterion, fallback.SigmaC.Value, fallback.SigmaC.Error));
        var bracket = AdoptedCriticalPoint.Choose(Exponents(none, none), 1.40, 1.42, 0.004);
        Assert.Equal(AdoptedCriticalPoint.Bracket, bracket.Criterion);
        Assert.Equal(1.41, bracket.SigmaC.Value, 12);
        Assert.Equal(0.002, bracket.SigmaC.Error, 12);
        var both = AdoptedCriticalPoint.Choose(Exponents(at, new Estimate(1.43, 0.001)), 1.40, 1.44, 0.004);
        Assert.Equal(1.43, both.SigmaC.Value);
        Assert.Equal(Math.Sqrt(0.001 * 0.001 + 0.02 * 0.02), both.SigmaC.Error, 12);
    }

    [Fact]
    public void DeltaSensitivityIsTheSlopesChangeAcrossTheCriticalPoint()
    {
        ScanRow Row(double sigma, double slope) => new(sigma, 0, slope, 0, 0);
        var rows = new[] { Row(1.40, -1.2), Row(1.42, -0.8), Row(1.44, double.NaN), Row(1.46, -0.2) };
        Assert.Equal(20, CriticalityStudy.DeltaSensitivity(rows, 1.41), 9);
        Assert.Equal(15, CriticalityStudy.DeltaSensitivity(rows, 1.43), 9); // the NaN row is skipped
        Assert.Equal(0, CriticalityStudy.DeltaSensitivity(rows, 1.5));
    }
}
