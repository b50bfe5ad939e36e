using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Tests.Studies.Criticality;

public class DropoutRelaxationTests
{
    [Fact]
    public void SimulatedMlpsWithDropoutSettleWhereTheTheorySays()
    {
        var tanh = Activation.Parse("tanh");
        foreach (double keep in new[] { 0.95, 0.8 })
        {
            var line = DropoutCriticality.At(tanh, 0.3, keep);
            var theory = new MeanField(tanh, line.SigmaWPeak, 0.3, keep);
            int width = 512;
            var run = SignalProbe.Run(DropoutRelaxation.Probe(theory, width, depth: 160, draws: 24, seed: 3));
            var m = DropoutRelaxation.Measure(run, theory, seed: 3);
            Assert.Equal(theory.RhoFixedPoint, m.TheoryRho);
            // The plateau: within 4σ plus the O(1/n) finite-width bias.
            Assert.True(Math.Abs(m.Plateau.Value - m.TheoryRho) < 4 * m.Plateau.Error + 2.0 / width,
                $"keep {keep}: plateau {m.Plateau} against {m.TheoryRho}");
            // The depth scale of the approach, against the same fit on the exact iteration.
            Assert.True(Math.Abs(m.DepthScale.Value - m.TheoryFitDepthScale) < 3 * m.DepthScale.Error,
                $"keep {keep}: xi {m.DepthScale} against {m.TheoryFitDepthScale}");
            Assert.Equal(m.TheoryDepthScale, line.PeakDepthScale, 6);
        }
    }

    [Fact]
    public void ThePlateauTellsTheDropoutLineFromTheLineWithoutDropout()
    {
        // At the k = 1 critical σ_w with dropout, ρ settles well above zero: the probe sees the field, not an absorbing state.
        var tanh = Activation.Parse("tanh");
        var theory = new MeanField(tanh, CriticalLine.SigmaW(tanh, 0.3), 0.3, 0.9);
        var m = DropoutRelaxation.Measure(SignalProbe.Run(DropoutRelaxation.Probe(theory, 256, 120, 12, 1)), theory, 1);
        Assert.InRange(m.Plateau.Value, 0.5, 0.7);
        Assert.True(Math.Abs(m.Plateau.Value - m.TheoryRho) < 4 * m.Plateau.Error + 2.0 / 256);
    }
}
