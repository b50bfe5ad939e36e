using System.Collections.Concurrent;

namespace Eumentia.Theory;

/// <summary>
/// Gauss–Hermite quadrature for the standard normal: E[f(Z)] ≈ Σ_i w_i f(x_i), Z ~ N(0, 1), exact for
/// polynomials of degree below 2·order. Nodes come from Golub–Welsch (eigenvalues of the Jacobi matrix),
/// polished by Newton's method on the orthonormal Hermite functions (which stay in range at high order);
/// weights from the polynomial's derivative at each node. Rules are cached per order and immutable.
/// </summary>
public sealed class GaussHermite
{
    static readonly ConcurrentDictionary<int, GaussHermite> Cache = new();

    /// <summary>Largest order supported. Above about 700 the outermost nodes' Hermite functions underflow; their
    /// weights (below e^{−z²} &lt; 1e-300) are then zero to double precision and the nodes stay at their eigenvalues.
    /// Orders in the thousands integrate steep smooth integrands (tanh(√q z) at q* ~ 10-30) to 1e-10.</summary>
    public const int MaxOrder = 4096;

    public int Order { get; }
    /// <summary>Nodes for the standard normal, ascending.</summary>
    public IReadOnlyList<double> Nodes => nodes;
    /// <summary>Weights for the standard normal; they sum to 1.</summary>
    public IReadOnlyList<double> Weights => weights;

    readonly double[] nodes, weights;

    GaussHermite(int order, double[] nodes, double[] weights)
    {
        Order = order;
        this.nodes = nodes;
        this.weights = weights;
    }

    /// <summary>The rule of the given order (1 ≤ order ≤ <see cref="MaxOrder"/>), computed once per process.</summary>
    public static GaussHermite Of(int order)
    {
        if (order < 1 || order > MaxOrder)
            throw new UsageException($"Gauss-Hermite order must be between 1 and {MaxOrder}, got {order}");
        return Cache.GetOrAdd(order, Build);
    }

    internal ReadOnlySpan<double> NodeSpan => nodes;
    internal ReadOnlySpan<double> WeightSpan => weights;

    /// <summary>E[f(Z)] for Z ~ N(0, 1).</summary>
    public double Expect(Func<double, double> f)
    {
        double sum = 0;
        for (int i = 0; i < nodes.Length; i++) sum += weights[i] * f(nodes[i]);
        return sum;
    }

    /// <summary>
    /// The orthonormal Hermite function of degree n at z (the polynomial times e^{−z²/2}, so that it stays
    /// in range at the outermost roots of high orders) and the polynomial's derivative times e^{−z²/2}.
    /// </summary>
    static (double Value, double Derivative) OrthonormalHermite(int n, double z)
    {
        const double PiToMinusQuarter = 0.7511255444649425;
        double p1 = PiToMinusQuarter * Math.Exp(-0.5 * z * z), p2 = 0;
        for (int j = 1; j <= n; j++)
        {
            double p3 = p2;
            p2 = p1;
            p1 = z * Math.Sqrt(2.0 / j) * p2 - Math.Sqrt((j - 1.0) / j) * p3;
        }
        return (p1, Math.Sqrt(2.0 * n) * p2);
    }

    static GaussHermite Build(int n)
    {
        // Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
        // polynomials (zero diagonal, off-diagonal √k). Newton on the physicists' polynomial then polishes each
        // node to full precision and gives its weight from the derivative, which is more accurate than the
        // eigenvector route for the tiny outer weights.
        var offDiagonal = new double[n];
        for (int k = 1; k < n; k++) offDiagonal[k] = Math.Sqrt(k);
        var eigenvalues = TridiagonalEigenvalues(new double[n], offDiagonal);
        Array.Sort(eigenvalues);

        var nodes = new double[n];
        var weights = new double[n];
        for (int i = n / 2; i < n; i++)
        {
            double z = eigenvalues[i] / Math.Sqrt(2.0);
            if (Math.Exp(-0.5 * z * z) < 1e-290)
            {
                // Out of double range: the weight is far below every other term of the sum.
                nodes[n - 1 - i] = -Math.Sqrt(2.0) * z;
                nodes[i] = Math.Sqrt(2.0) * z;
                continue;
            }
            double derivative;
            for (int iteration = 0; ; iteration++)
            {
                (double value, derivative) = OrthonormalHermite(n, z);
                double step = value / derivative;
                z -= step;
                if (Math.Abs(step) <= 1e-15 * Math.Max(1.0, Math.Abs(z))) break;
                if (iteration > 50)
                    throw new InvalidOperationException($"Gauss-Hermite Newton polish did not converge for order {n}, node {i}");
            }
            if (n % 2 == 1 && i == n / 2) z = 0; // the middle root is exactly zero
            // The weight uses the derivative at the converged root. With the e^{−z²/2}-scaled derivative
            // w = 2 e^{−z²} / H'², which underflows to 0 only where the true weight is below double range.
            derivative = OrthonormalHermite(n, z).Derivative;
            double weight = 2.0 / (derivative * derivative) * Math.Exp(-z * z) / Math.Sqrt(Math.PI);
            nodes[n - 1 - i] = -Math.Sqrt(2.0) * z;
            nodes[i] = Math.Sqrt(2.0) * z;
            weights[i] = weights[n - 1 - i] = weight;
        }
        return new GaussHermite(n, nodes, weights);
    }

    /// <summary>
    /// Eigenvalues of the symmetric tridiagonal matrix with diagonal d and sub-diagonal e[1..n−1] by the
    /// implicit QL method with Wilkinson shifts (eigenvalues only: O(n²)). Overwrites d and e.
    /// </summary>
    static double[] TridiagonalEigenvalues(double[] d, double[] e)
    {
        int n = d.Length;
        for (int i = 1; i < n; i++) e[i - 1] = e[i];
        e[n - 1] = 0;
        for (int l = 0; l < n; l++)
        {
            for (int iteration = 0; ; iteration++)
            {
                int m = l;
                for (; m < n - 1; m++)
                {
                    double dd = Math.Abs(d[m]) + Math.Abs(d[m + 1]);
                    if (Math.Abs(e[m]) <= double.Epsilon + 1e-16 * dd) break;
                }
                if (m == l) break;
                if (iteration > 60) throw new InvalidOperationException("tridiagonal QL did not converge");
                double g = (d[l + 1] - d[l]) / (2.0 * e[l]);
                double r = Hypot(g, 1.0);
                g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.Abs(r) : -Math.Abs(r)));
                double s = 1, c = 1, p = 0;
                int i = m - 1;
                for (; i >= l; i--)
                {
                    double f = s * e[i], b = c * e[i];
                    e[i + 1] = r = Hypot(f, g);
                    if (r == 0)
                    {
                        d[i + 1] -= p;
                        e[m] = 0;
                        break;
                    }
                    s = f / r;
                    c = g / r;
                    g = d[i + 1] - p;
                    r = (d[i] - g) * s + 2.0 * c * b;
                    d[i + 1] = g + (p = s * r);
                    g = c * r - b;
                }
                if (r == 0 && i >= l) continue;
                d[l] -= p;
                e[l] = g;
                e[m] = 0;
            }
        }
        return d;
    }

    static double Hypot(double a, double b) => Math.Sqrt(a * a + b * b);
}
