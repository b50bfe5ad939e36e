using Eumentia.Data;
using Eumentia.Data.Synthetic;

namespace Eumentia.Tests.Data.Synthetic;

public class NlgpTests
{
    /// <summary>Translation-averaged covariance ⟨x_i x_{i+r}⟩ of the examples of one class, for the given displacements r.</summary>
    static double[] EmpiricalKernel(LabeledData d, Torus torus, int cls, int[] shifts)
    {
        int n = torus.Sites, count = 0;
        var partner = shifts.Select(r => Enumerable.Range(0, n).Select(i => torus.Translate(i, r)).ToArray()).ToArray();
        var k = new double[shifts.Length];
        for (int e = 0; e < d.Count; e++)
        {
            if (d.Y[e] != cls) continue;
            count++;
            var x = d.X.AsSpan(e * n, n);
            for (int s = 0; s < shifts.Length; s++)
                for (int i = 0; i < n; i++) k[s] += x[i] * x[partner[s][i]];
        }
        return k.Select(v => v / (count * (double)n)).ToArray();
    }

    static (double Variance, double ExcessKurtosis) Pooled(LabeledData d)
    {
        double m2 = 0, m4 = 0;
        foreach (var v in d.X) { double s = v * v; m2 += s; m4 += s * s; }
        m2 /= d.X.Length;
        m4 /= d.X.Length;
        return (m2, m4 / (m2 * m2) - 3);
    }

    [Theory]
    [InlineData(NlgpKind.Nlgp, 1)]
    [InlineData(NlgpKind.Nlgp, 2)]
    [InlineData(NlgpKind.Gaussian, 1)]
    public void CovarianceMatchesTheory(NlgpKind kind, int dimension)
    {
        var spec = new NlgpSpec { Kind = kind, Dimension = dimension, Side = dimension == 1 ? 64 : 14, Gain = 3, Xi0 = 1.5, Xi1 = dimension == 1 ? 3 : 2.5 };
        var data = new NlgpGenerator(spec).Generate(2000, 11, NlgpGenerator.TrainSplit, "t");
        var torus = spec.Torus;
        // Every displacement up to 3 steps along each axis (both signs), and the farthest one.
        var shifts = Enumerable.Range(0, torus.Sites).Where(r =>
        {
            var (x, y) = torus.Coordinates(r);
            return (torus.AxisDistance(x, 0) <= 3 && torus.AxisDistance(y, 0) <= 3) || r == torus.Sites - 1;
        }).ToArray();
        for (int cls = 0; cls < 2; cls++)
        {
            double xi = cls == 0 ? spec.Xi0 : spec.Xi1;
            var k = EmpiricalKernel(data, torus, cls, shifts);
            for (int s = 0; s < shifts.Length; s++)
            {
                // Both ensembles must show the NLGP's output covariance (the control copies it).
                double expected = NlgpTheory.OutputCovariance(Math.Exp(-torus.DistanceSquared(0, shifts[s]) / (xi * xi)), spec.Gain);
                Assert.True(Math.Abs(k[s] - expected) < 0.03, $"{kind} class {cls} r = site {shifts[s]}: covariance {k[s]:F4}, theory {expected:F4}");
            }
            Assert.InRange(k[0], 0.98, 1.02); // unit variance (shift 0 comes first)
        }
    }

    [Fact]
    public void LatentControlHasTheLatentCovariance()
    {
        var spec = new NlgpSpec { Kind = NlgpKind.Gaussian, ControlCovariance = GaussianCovariance.Latent, Side = 32, Gain = 3, Xi0 = 2, Xi1 = 3 };
        var data = new NlgpGenerator(spec).Generate(2000, 2, NlgpGenerator.TrainSplit, "t");
        var k = EmpiricalKernel(data, spec.Torus, 0, [0, 1, 2, 3]);
        for (int r = 0; r < 4; r++) Assert.True(Math.Abs(k[r] - Math.Exp(-r * r / 4.0)) < 0.03, $"r = {r}: {k[r]:F4} vs {Math.Exp(-r * r / 4.0):F4}");
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(10.0)]
    public void MarginalKurtosisMatchesQuadrature(double g)
    {
        var spec = new NlgpSpec { Dimension = 1, Side = 32, Gain = g, Xi0 = 1, Xi1 = 2 };
        var (variance, kurtosis) = Pooled(new NlgpGenerator(spec).Generate(4000, 5, NlgpGenerator.TestSplit, "t"));
        double theory = NlgpTheory.ExcessKurtosis(g);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.True(Math.Abs(kurtosis - theory) < 0.04, $"g = {g}: sample excess kurtosis {kurtosis:F4}, quadrature {theory:F4}");
        // The Gaussian control with the same covariance has none.
        var (_, control) = Pooled(new NlgpGenerator(spec with { Kind = NlgpKind.Gaussian }).Generate(4000, 5, NlgpGenerator.TestSplit, "t"));
        Assert.True(Math.Abs(control) < 0.04, $"Gaussian control excess kurtosis {control:F4}");
    }

    [Fact]
    public void QuadratureHasTheRightLimits()
    {
        foreach (var g in new[] { 0.1, 1, 3, 30 }) Assert.Equal(1.0, NlgpTheory.Moment(g, 2), 10);
        Assert.True(Math.Abs(NlgpTheory.ExcessKurtosis(0.01)) < 1e-3);      // erf is linear near 0: Gaussian
        Assert.Equal(-2.0, NlgpTheory.ExcessKurtosis(1e4), 2);               // x → sign(z): E x⁴ = 1
        // Monotone in between: a larger gain pushes mass towards ±1.
        Assert.True(NlgpTheory.ExcessKurtosis(1) > NlgpTheory.ExcessKurtosis(3));
    }

    [Theory]
    [InlineData(1, 20, 2.5)]
    [InlineData(2, 6, 1.3)]
    public void SquareRootSquaresToTheCovariance(int dimension, int side, double xi)
    {
        var torus = new Torus(dimension, side);
        var cov = new CirculantCovariance(torus, CirculantCovariance.RadialKernel(torus, d2 => Math.Exp(-d2 / (xi * xi))), "test");
        Assert.Equal(0, cov.ClippedShare);
        var s = cov.SqrtMatrix();
        int n = torus.Sites;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double ss = 0;
                for (int k = 0; k < n; k++) ss += s[i * n + k] * (double)s[k * n + j];
                Assert.Equal(Math.Exp(-torus.DistanceSquared(i, j) / (xi * xi)), ss, 5);
            }
        // The spectrum is the eigenvalue list of the dense matrix.
        var dense = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, (i, j) => Math.Exp(-torus.DistanceSquared(i, j) / (xi * xi)));
        var eig = dense.Evd().EigenValues.Select(e => e.Real).Order().ToArray();
        var spectrum = cov.Spectrum.Order().ToArray();
        for (int k = 0; k < n; k++) Assert.Equal(eig[k], spectrum[k], 8);
    }

    [Fact]
    public void DrawsAreNestedAndSeeded()
    {
        var gen = new NlgpGenerator(new NlgpSpec { Side = 16 });
        var small = gen.Generate(10, 3, 0, "t");
        var large = gen.Generate(1500, 3, 0, "t");
        Assert.Equal(small.X, large.X.AsSpan(0, small.X.Length).ToArray());
        Assert.Equal(small.Y, large.Y.AsSpan(0, 10).ToArray());
        Assert.NotEqual(small.X, gen.Generate(10, 4, 0, "t").X);
        Assert.NotEqual(small.X, gen.Generate(10, 3, 1, "t").X);
    }

    [Fact]
    public void RejectsACorrelationLengthTheTorusCannotHold()
    {
        var e = Assert.Throws<UsageException>(() => new NlgpGenerator(new NlgpSpec { Side = 8, Xi0 = 1, Xi1 = 20 }));
        Assert.Contains("positive semi-definite", e.Message);
        Assert.Throws<UsageException>(() => new NlgpGenerator(new NlgpSpec { Gain = 0 }));
        Assert.Throws<UsageException>(() => new NlgpGenerator(new NlgpSpec { Dimension = 3 }));
    }
}
