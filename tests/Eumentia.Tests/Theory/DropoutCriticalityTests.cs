using Eumentia.Theory;

namespace Eumentia.Tests.Theory;

public class DropoutCriticalityTests
{
    static readonly Activation Tanh = Activation.Parse("tanh");

    [Fact]
    public void TheFieldIsTheCorrelationMapAtTheAbsorbingStateInClosedForm()
    {
        // h = (1 − k)(1 − σ_b²/q*) must be what the exact map gives at ρ = 0 — on, below and above the line.
        foreach (double keep in new[] { 0.99, 0.9, 0.7 })
            foreach (double sigmaW in new[] { 1.2, 1.45, 1.8 })
            {
                var field = new MeanField(Tanh, sigmaW, 0.3, keep);
                Assert.Equal(field.RhoMap(field.LengthFixedPoint(), 0), DropoutCriticality.Field(field), 10);
            }
        Assert.Equal(0, DropoutCriticality.Field(new MeanField(Tanh, 1.4, 0.3)));
    }

    [Fact]
    public void WithoutDropoutTheLineIsTheStudysCriticalLine()
    {
        var p = DropoutCriticality.At(Tanh, 0.3, 1.0);
        Assert.Equal(CriticalLine.SigmaW(Tanh, 0.3), p.SigmaWChi1);
        Assert.Equal(p.SigmaWNoDropout, p.SigmaWPeak);
        Assert.Equal(0, p.Field);
        Assert.True(double.IsPositiveInfinity(p.PeakDepthScale));
    }

    [Fact]
    public void TheLinesMoveByOrderHAndTheLeadingFormsBecomeExactAsKeepTendsToOne()
    {
        var points = new[] { 0.999, 0.9999 }.Select(k => DropoutCriticality.At(Tanh, 0.3, k)).ToArray();
        foreach (var p in points)
        {
            // Both lines leave the k = 1 line by O(h), and the ξ_c peak leaves the χ₁ = 1 line by O(h) too.
            Assert.InRange(Math.Abs(p.SigmaWChi1 - p.SigmaWNoDropout) / p.Field, 0.1, 2);
            Assert.InRange(Math.Abs(p.SigmaWPeak - p.SigmaWChi1) / p.Field, 0.01, 1);
            // The peak is a maximum of ξ_c.
            foreach (double w in new[] { p.SigmaWPeak * 0.995, p.SigmaWPeak * 1.005 })
                Assert.True(new MeanField(Tanh, w, 0.3, p.Keep).CorrelationDepthScale < p.PeakDepthScale);
        }
        // ρ* = √(h/κ) and ξ_c = 1/(2√(κh)) with corrections that vanish like √h: ten times less h, √10 times closer.
        double RhoError(DropoutCriticalPoint p) => Math.Abs(p.PeakRho / p.LeadingRho - 1);
        double DepthError(DropoutCriticalPoint p) => Math.Abs(p.PeakDepthScale / p.LeadingDepthScale - 1);
        Assert.InRange(RhoError(points[1]), 0, 0.02);
        Assert.InRange(DepthError(points[1]), 0, 0.02);
        Assert.InRange(RhoError(points[0]) / RhoError(points[1]), 2.2, 4.5);
        Assert.InRange(DepthError(points[0]) / DepthError(points[1]), 2.2, 4.5);
        // The plateau on the line grows as h^(1/2): the mean-field exponent of the field.
        double slope = Math.Log(points[0].PeakRho / points[1].PeakRho) / Math.Log(points[0].Field / points[1].Field);
        Assert.Equal(0.5, slope, 1);
    }

    [Fact]
    public void AKeepOutsideTheUnitIntervalIsRefused() =>
        Assert.Throws<UsageException>(() => DropoutCriticality.At(Tanh, 0.3, 1.2));
}
