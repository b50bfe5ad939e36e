using Eumentia.Theory;

namespace Eumentia.Tests.Theory;

public class GaussianExpectationTests
{
    readonly GaussianExpectation gauss = new(64);

    [Theory]
    [InlineData(1.0, 1.0, 0.3)]
    [InlineData(0.5, 2.0, -0.8)]
    [InlineData(2.0, 3.0, 1.0)]
    public void BivariateMomentsOfCorrelatedNormals(double q1, double q2, double c)
    {
        Assert.Equal(c * Math.Sqrt(q1 * q2), gauss.Bivariate((a, b) => a * b, q1, q2, c), 12);
        Assert.Equal(q1 * q2 * (1 + 2 * c * c), gauss.Bivariate((a, b) => a * a * b * b, q1, q2, c), 11);
    }

    [Fact]
    public void BreakpointsMakeKinkedIntegrandsExact()
    {
        Assert.Equal(1 / Math.Sqrt(2 * Math.PI), gauss.Normal(z => Math.Max(z, 0), [0.0]), 14);
        Assert.Equal(Math.Sqrt(2 / Math.PI), gauss.Normal(Math.Abs, [0.0]), 14);
        // P(Z < 0.7) by an indicator with its jump declared.
        Assert.Equal(MathNet.Numerics.Distributions.Normal.CDF(0, 1, 0.7), gauss.Normal(z => z < 0.7 ? 1 : 0, [0.7]), 14);
    }

    [Fact]
    public void PiecewiseBivariateMatchesTheArcCosineKernel()
    {
        // u_a = x + y, u_b = x − y are independent N(0, 2): E[relu(u_a) relu(u_b)] = 2/(2π) (c = 0).
        double value = gauss.StandardBivariateEvenInY((x, y) => Math.Max(x + y, 0) * Math.Max(x - y, 0), y => [-y, y]);
        Assert.Equal(1 / Math.PI, value, 13);
    }
}
