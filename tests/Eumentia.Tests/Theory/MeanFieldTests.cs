using Eumentia.Theory;

namespace Eumentia.Tests.Theory;

public class MeanFieldTests
{
    [Fact]
    public void TanhAtSigmaB03IsCriticalAt139558()
    {
        double sigmaW = CriticalLine.SigmaW(Activation.Tanh, 0.3);
        Assert.Equal(1.39558, Math.Round(sigmaW, 5));
        Assert.Equal(1.0, new MeanField(Activation.Tanh, sigmaW, 0.3).Chi1, 11);
    }

    [Fact]
    public void UserActivationWithNumericalDerivativesFindsTheSameCriticalPoint()
    {
        var custom = Activation.Custom("my-tanh", Math.Tanh);
        Assert.Equal(CriticalLine.SigmaW(Activation.Tanh, 0.3), CriticalLine.SigmaW(custom, 0.3), 7);
    }

    [Theory]
    [InlineData(0.7, 0.2, 1.0)]
    [InlineData(1.3, 0.5, 0.8)]
    public void LinearActivationMatchesClosedForms(double sigmaW, double sigmaB, double keep)
    {
        var field = new MeanField(Activation.Linear, sigmaW, sigmaB, keep);
        double vw = sigmaW * sigmaW, vb = sigmaB * sigmaB;
        foreach (double q in new[] { 0.3, 2.0 })
        {
            double next = vw / keep * q + vb;
            Assert.Equal(next, field.LengthMap(q), 12);
            foreach (double c in new[] { -0.5, 0.2, 0.999 })
            {
                // Off-diagonal σ_w² q c + σ_b² over the diagonal (which carries the 1/keep).
                Assert.Equal((vw * q * c + vb) / next, field.CorrelationMap(q, c), 12);
            }
        }
        Assert.Equal(vw, field.Chi1, 12);
    }

    /// <summary>ReLU closed form in ρ (no cancellation): E[(φ_a − φ_b)²] = (q/π)((π − θ)ρ + θ − sin θ).</summary>
    static double ReluRhoMap(double sigmaW, double sigmaB, double q, double rho)
    {
        double theta = 2 * Math.Asin(Math.Sqrt(rho / 2));
        double t2 = theta * theta;
        double thetaMinusSin = theta < 1e-2
            ? theta * t2 / 6 * (1 - t2 / 20 * (1 - t2 / 42 * (1 - t2 / 72)))
            : theta - Math.Sin(theta);
        double spread = q / Math.PI * ((Math.PI - theta) * rho + thetaMinusSin);
        return sigmaW * sigmaW * spread / 2 / (sigmaW * sigmaW * q / 2 + sigmaB * sigmaB);
    }

    [Theory]
    [InlineData(1.2, 0.3, 0.7)]
    [InlineData(1.4142135623730951, 0.0, 1.0)]
    public void ReluMatchesTheArcCosineKernelToFullRelativePrecision(double sigmaW, double sigmaB, double q)
    {
        var field = new MeanField(Activation.Relu, sigmaW, sigmaB);
        Assert.Equal(sigmaW * sigmaW * q / 2 + sigmaB * sigmaB, field.LengthMap(q), 13);
        Assert.Equal(sigmaW * sigmaW / 2, field.Chi1At(q), 13);
        foreach (double rho in new[] { 1.9, 1.0, 0.3, 1e-3, 1e-6, 1e-10 })
            Assert.Equal(1.0, field.RhoMap(q, rho) / ReluRhoMap(sigmaW, sigmaB, q, rho), 11);
    }

    [Fact]
    public void ErfMatchesItsArcSineKernel()
    {
        var field = new MeanField(Activation.Erf, 1.1, 0.4);
        double q = 0.8, next = field.LengthMap(q);
        double Kernel(double c) => 2 / Math.PI * Math.Asin(2 * q * c / (1 + 2 * q)); // E[erf(u_a) erf(u_b)]
        Assert.Equal(1.21 * Kernel(1) + 0.16, next, 12);
        foreach (double c in new[] { -0.7, 0.1, 0.9 })
            Assert.Equal((1.21 * Kernel(c) + 0.16) / next, field.CorrelationMap(q, c), 12);
    }

    /// <summary>sin has closed forms: E[sin² (√q z)] = (1 − e^{−2q})/2 and E[sin u_a sin u_b] = e^{−q} sinh(q c).</summary>
    [Fact]
    public void SinMatchesItsClosedForm()
    {
        var field = new MeanField(Activation.Sin, 1.6, 0.25);
        double vw = 1.6 * 1.6, vb = 0.25 * 0.25;
        foreach (double q in new[] { 0.4, 1.5 })
        {
            double next = vw * (1 - Math.Exp(-2 * q)) / 2 + vb;
            Assert.Equal(next, field.LengthMap(q), 12);
            foreach (double c in new[] { -0.6, 0.3, 0.99 })
                Assert.Equal((vw * Math.Exp(-q) * Math.Sinh(q * c) + vb) / next, field.CorrelationMap(q, c), 11);
        }
    }

    [Fact]
    public void LengthSlopeIsTheDerivativeOfTheLengthMap()
    {
        foreach (var (activation, sigmaW) in new[] { (Activation.Tanh, 1.7), (Activation.HardTanh, 1.3), (Activation.Sin, 1.1) })
        {
            var field = new MeanField(activation, sigmaW, 0.2, keep: 0.9);
            const double q = 0.9, h = 1e-5;
            double numeric = (field.LengthMap(q + h) - field.LengthMap(q - h)) / (2 * h);
            Assert.Equal(numeric, field.LengthSlope(q), 7);
        }
    }

    [Fact]
    public void KappaIsTheQuadraticCoefficientOfTheExactMap()
    {
        var field = new MeanField(Activation.Tanh, CriticalLine.SigmaW(Activation.Tanh, 0.3), 0.3);
        double q = field.LengthFixedPoint(), rho = 1e-5;
        double measured = (rho - field.RhoMap(q, rho)) / (rho * rho);
        Assert.Equal(1.0, measured / field.Kappa, 3);
    }

    [Fact]
    public void ExactIterationDecaysAsOneOverKappaL()
    {
        var field = new MeanField(Activation.Tanh, CriticalLine.SigmaW(Activation.Tanh, 0.3, order: 48), 0.3, order: 48);
        double kappa = field.Kappa;
        var trajectory = field.Iterate(field.LengthFixedPoint(), 0.2, 1500);
        var rho = trajectory.Rho;
        // 1/ρ_{l+1} − 1/ρ_l → κ, and l ρ_l κ → 1 up to the ln(l)/l correction.
        Assert.Equal(1.0, (1 / rho[1500] - 1 / rho[1499]) / kappa, 2);
        Assert.InRange(1500 * rho[1500] * kappa, 0.98, 1.02);
    }

    [Theory]
    [InlineData("relu", 0.0)]
    [InlineData("hardtanh", 0.3)]
    public void KinksGiveARhoToTheThreeHalvesTerm(string name, double sigmaB)
    {
        var activation = Activation.Parse(name);
        var field = new MeanField(activation, CriticalLine.SigmaW(activation, sigmaB), sigmaB);
        var decay = field.Decay;
        Assert.Equal(2.0, decay.Exponent);
        double q = field.LengthFixedPoint(), rho = 1e-8;
        double measured = (rho - field.RhoMap(q, rho)) / Math.Pow(rho, 1.5);
        Assert.Equal(1.0, measured / decay.Coefficient, 3);
        if (name == "relu") Assert.Equal(2 * Math.Sqrt(2) / (3 * Math.PI), decay.Coefficient, 12);
    }

    [Fact]
    public void OrderedPhaseWithoutBiasStaysFiniteAsTheLengthVanishes()
    {
        var field = new MeanField(Activation.Tanh, 0.8, 0.0);
        var trajectory = field.Iterate(1.0, 0.5, 1700);
        Assert.InRange(trajectory.Length[1700], 0.0, 1e-300);
        Assert.All(trajectory.Rho, r => Assert.InRange(r, 0.0, 2.0));
        Assert.Equal(0.0, field.LengthFixedPoint());
        Assert.True(double.IsFinite(field.CorrelationDepthScale));
        Assert.True(double.IsFinite(field.CorrelationMap(0.0, 0.3)));
    }

    [Fact]
    public void OrderedPhaseKeepsRelativePrecisionAsCorrelationsApproachOne()
    {
        var field = new MeanField(Activation.Tanh, 1.1, 0.3);
        double q = field.LengthFixedPoint(), chi1 = field.Chi1;
        foreach (double rho in new[] { 1e-20, 1e-100, 1e-250 })
            Assert.Equal(1.0, field.RhoMap(q, rho) / rho / chi1, 9);
    }

    [Fact]
    public void ChaoticFixedPointAndItsSlope()
    {
        // q* ≈ 2.25: tanh(√q z) is steep, so Gauss–Hermite needs a higher order here.
        var field = new MeanField(Activation.Tanh, 2.0, 0.3, order: 200);
        double q = field.LengthFixedPoint(), c = field.CorrelationFixedPoint;
        Assert.InRange(c, 0.0, 0.99);
        Assert.Equal(c, field.CorrelationMap(q, c), 12);
        const double h = 1e-5;
        double slope = (field.CorrelationMap(q, c + h) - field.CorrelationMap(q, c - h)) / (2 * h);
        Assert.Equal(slope, field.ChiC, 8);
        Assert.True(field.ChiC < 1);
    }

    [Fact]
    public void CorrelationDepthScaleDivergesAtTheEdgeOfChaos()
    {
        double critical = CriticalLine.SigmaW(Activation.Tanh, 0.3);
        var near = new[] { -0.1, -0.01, 0.01, 0.1 }.Select(d => new MeanField(Activation.Tanh, critical + d, 0.3).CorrelationDepthScale).ToArray();
        Assert.True(near[1] > 5 * near[0] && near[2] > 5 * near[3], string.Join(", ", near));
        // ξ_c ~ 1/|χ_c − 1| ~ |σ_w − σ_w,c|^{-1}: mean-field ν∥ = 1 on both sides.
        Assert.InRange(near[1] / near[0], 8, 12);
        Assert.InRange(near[2] / near[3], 8, 12);
    }

    [Fact]
    public void DropoutRemovesTheOrderedFixedPoint()
    {
        double critical = CriticalLine.SigmaW(Activation.Tanh, 0.3);
        var field = new MeanField(Activation.Tanh, critical, 0.3, keep: 0.9);
        Assert.True(field.RhoFixedPoint > 0.01);
        Assert.True(double.IsFinite(field.CorrelationDepthScale));
        var ordered = new MeanField(Activation.Tanh, 1.0, 0.3, keep: 0.9);
        Assert.True(ordered.RhoFixedPoint > 0);
    }

    [Fact]
    public void RejectsInvalidParameters()
    {
        Assert.Throws<UsageException>(() => new MeanField(Activation.Tanh, -1, 0.3));
        Assert.Throws<UsageException>(() => new MeanField(Activation.Tanh, 1, 0.3, keep: 0));
        Assert.Throws<UsageException>(() => Activation.Parse("swish"));
    }
}
