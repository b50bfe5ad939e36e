using Eumentia.Numerics.LinearAlgebra;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Data.Synthetic;

/// <summary>
/// Draws labelled NLGP (or Gaussian-control) examples exactly: the covariance of each class is factorised once
/// (circulant square root, <see cref="CirculantCovariance"/>), and example i of a split is S_c·w_i with white
/// noise w_i from Philox (seed, Data stream of the split, counter i·N + site). Example i has class i mod 2, so the
/// classes are balanced, and the first n examples of a larger draw are the n examples of a smaller one.
/// </summary>
public sealed class NlgpGenerator
{
    /// <summary>Split numbers: each has its own noise stream.</summary>
    public const int TrainSplit = 0, ValidationSplit = 1, TestSplit = 2;

    const int Chunk = 512;
    readonly NlgpSpec spec;
    readonly float[][] sqrtMatrices;

    /// <summary>The realised covariance kernel of the inputs of each class, indexed by displacement site.</summary>
    public IReadOnlyList<double[]> InputKernels { get; }
    /// <summary>The realised covariance kernel of the latent z of each class (what the NLGP's erf is applied to).</summary>
    public IReadOnlyList<double[]> LatentKernels { get; }

    public NlgpSpec Spec => spec;

    public NlgpGenerator(NlgpSpec spec)
    {
        spec.Validate();
        this.spec = spec;
        var torus = spec.Torus;
        var latent = new[] { spec.Xi0, spec.Xi1 }
            .Select((xi, c) => new CirculantCovariance(torus, CirculantCovariance.RadialKernel(torus, d2 => Math.Exp(-d2 / (xi * xi))), $"class {c} (ξ = {xi})"))
            .ToArray();
        LatentKernels = latent.Select(c => c.Kernel).ToArray();
        if (spec.Kind == NlgpKind.Gaussian && spec.ControlCovariance == GaussianCovariance.Matched)
        {
            // The control copies the NLGP's output covariance, computed from the realised latent kernel.
            var matched = latent.Select((c, k) => new CirculantCovariance(torus,
                c.Kernel.Select(rho => NlgpTheory.OutputCovariance(rho, spec.Gain)).ToArray(), $"matched Gaussian control, class {k}")).ToArray();
            sqrtMatrices = matched.Select(m => m.SqrtMatrix()).ToArray();
            InputKernels = matched.Select(m => m.Kernel).ToArray();
        }
        else
        {
            sqrtMatrices = latent.Select(m => m.SqrtMatrix()).ToArray();
            InputKernels = spec.Kind == NlgpKind.Gaussian
                ? LatentKernels
                : latent.Select(m => m.Kernel.Select(rho => NlgpTheory.OutputCovariance(rho, spec.Gain)).ToArray()).ToArray();
        }
    }

    /// <summary><paramref name="count"/> examples of split <paramref name="split"/>.</summary>
    public LabeledData Generate(int count, ulong seed, int split, string name)
    {
        if (count < 0) throw new UsageException($"example count {count} must be ≥ 0");
        int n = spec.Features;
        var x = new float[(long)count * n];
        var y = new byte[count];
        for (int i = 0; i < count; i++) y[i] = (byte)(i % 2);
        ulong stream = RngStream.Of(RngStream.Data, split, 0);
        double sqrtGamma = Math.Sqrt(NlgpTheory.Gamma(spec.Gain));
        var noise = new float[Chunk * n];
        var z = new float[Chunk * n];
        var rows = new int[Chunk];
        for (int c = 0; c < 2; c++)
        {
            // Examples of class c sit at c, c + 2, c + 4, ...: gather them in chunks, colour the noise with S_c.
            for (int first = c; first < count; first += 2 * Chunk)
            {
                int m = 0;
                for (int i = first; i < count && m < Chunk; i += 2) rows[m++] = i;
                for (int r = 0; r < m; r++)
                    Philox.FillNormal(seed, stream, (ulong)rows[r] * (ulong)n, noise.AsSpan(r * n, n));
                // z_r = S·w_r for each row: Z = W·S (S is symmetric).
                Gemm.Multiply(Op.None, Op.None, m, n, n, 1f, noise, n, sqrtMatrices[c], n, 0f, z, n);
                for (int r = 0; r < m; r++)
                {
                    var dst = x.AsSpan(rows[r] * n, n);
                    var src = z.AsSpan(r * n, n);
                    if (spec.Kind == NlgpKind.Nlgp)
                        for (int j = 0; j < n; j++) dst[j] = (float)NlgpTheory.Map(src[j], spec.Gain, sqrtGamma);
                    else src.CopyTo(dst);
                }
            }
        }
        return new LabeledData(name, count, n, 2, x, y);
    }

    /// <summary>Train, validation and test sets from disjoint noise streams.</summary>
    public TrainingData Load(int trainSize, int validationSize, int testSize, ulong seed)
    {
        string name = spec.Kind == NlgpKind.Nlgp ? "nlgp" : "gp";
        return new TrainingData(Generate(trainSize, seed, TrainSplit, name), Generate(validationSize, seed, ValidationSplit, name),
            Generate(testSize, seed, TestSplit, name));
    }
}
