namespace Eumentia.Data.Synthetic;

/// <summary>
/// A translation-invariant covariance on a torus, C_ij = c(r_i − r_j). Such a matrix is (block-)circulant, so
/// the discrete Fourier modes are its eigenvectors and its eigenvalues are the Fourier transform of the
/// kernel c: λ_k = Σ_r c(r) cos(2π k·r / L). That gives an exact factorisation without any decomposition:
/// the symmetric square root S = C^{1/2} is the circulant with kernel s(r) = (1/N) Σ_k √λ_k cos(2π k·r / L),
/// and z = S·w with white w ~ N(0, I) has covariance S² = C exactly.
/// </summary>
public sealed class CirculantCovariance
{
    /// <summary>The largest share of the spectrum's mass that may be negative (and is clipped to zero) before we refuse.</summary>
    public const double MaxClippedShare = 1e-3;

    public Torus Torus { get; }
    /// <summary>c(r) for every displacement r, indexed by the site of r (the realised kernel, after any clipping).</summary>
    public double[] Kernel { get; }
    /// <summary>λ_k for every wave vector k, indexed like sites (before clipping).</summary>
    public double[] Spectrum { get; }
    /// <summary>Σ|λ_k| over negative λ_k divided by Σ|λ_k|: what clipping removed (0 for a positive-definite kernel).</summary>
    public double ClippedShare { get; }
    /// <summary>The square-root kernel s(r), indexed like sites.</summary>
    public double[] SqrtKernel { get; }

    /// <param name="kernel">c(r) for every displacement r, indexed by the site of r; must be even, c(r) = c(−r).</param>
    /// <param name="what">Names the covariance in error messages.</param>
    public CirculantCovariance(Torus torus, double[] kernel, string what)
    {
        Torus = torus;
        int n = torus.Sites;
        if (kernel.Length != n) throw new ArgumentException($"kernel has {kernel.Length} values, the torus {n} sites", nameof(kernel));
        Spectrum = Transform(torus, kernel);
        double negative = Spectrum.Where(l => l < 0).Sum(l => -l), total = Spectrum.Sum(Math.Abs);
        ClippedShare = total > 0 ? negative / total : 0;
        if (ClippedShare > MaxClippedShare)
            throw new UsageException($"{what}: the periodic kernel on a torus of side {torus.Side} is not positive semi-definite " +
                $"({ClippedShare:P2} of its spectrum is negative); use a shorter correlation length or a larger L");
        // Periodic Gaussians are positive definite only up to exponentially small wrap-around terms; clip those.
        var clipped = Spectrum.Select(l => Math.Max(l, 0)).ToArray();
        Kernel = Transform(torus, clipped).Select(v => v / n).ToArray();
        SqrtKernel = Transform(torus, clipped.Select(Math.Sqrt).ToArray()).Select(v => v / n).ToArray();
    }

    /// <summary>The kernel of a function of the squared periodic distance, indexed by displacement site.</summary>
    public static double[] RadialKernel(Torus torus, Func<int, double> ofSquaredDistance)
    {
        var c = new double[torus.Sites];
        for (int r = 0; r < c.Length; r++) c[r] = ofSquaredDistance(torus.DistanceSquared(0, r));
        return c;
    }

    /// <summary>The dense symmetric square root S (Sites × Sites, row-major float32), S_ij = s(r_j − r_i).</summary>
    public float[] SqrtMatrix()
    {
        int n = Torus.Sites;
        var s = new float[n * n];
        // s is even (the kernel is), so s(r_j − r_i) = s(r_i − r_j) and S is symmetric.
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                s[i * n + j] = (float)SqrtKernel[Torus.Displacement(i, j)];
        return s;
    }

    /// <summary>The real cosine transform f̂(k) = Σ_r f(r) cos(2π k·r / L) on the torus (exact for even f).</summary>
    static double[] Transform(Torus torus, double[] f)
    {
        int n = torus.Sites, side = torus.Side;
        var cos = new double[side];
        for (int m = 0; m < side; m++) cos[m] = Math.Cos(2 * Math.PI * m / side);
        var result = new double[n];
        for (int k = 0; k < n; k++)
        {
            var (kx, ky) = torus.Coordinates(k);
            double sum = 0;
            for (int r = 0; r < n; r++)
            {
                var (rx, ry) = torus.Coordinates(r);
                sum += f[r] * cos[(kx * rx + ky * ry) % side];
            }
            result[k] = sum;
        }
        return result;
    }
}
