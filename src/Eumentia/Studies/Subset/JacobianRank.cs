using Eumentia.Nets.TeacherStudent;
using MathNet.Numerics.LinearAlgebra;

namespace Eumentia.Studies.Subset;

/// <summary>
/// Numerical rank of a Jacobian, the dimension of the set of functions the learnable weights reach near a
/// point. Rows, then columns, are scaled to unit length first (rescaling changes no rank, and deep products
/// or high powers W^k make norms span many decades: unscaled, an rnn:1-6-1 Jacobian lost a rank to
/// round-off), then rank = #{σ_i > <see cref="RelativeTolerance"/> σ_max}.
/// The tolerance sits far above float64 round-off of these products (~1e-14 relative) and far below the
/// smallest genuine singular values seen in the study's networks (reported as <see cref="RankResult.Gap"/>,
/// the ratio σ_r / σ_(r+1), so a doubtful rank shows up as a small gap).
/// </summary>
public static class JacobianRank
{
    public const double RelativeTolerance = 1e-9;

    public static RankResult Of(SubsetNetwork network, ReadOnlySpan<double> weights, ReadOnlySpan<int> columns)
    {
        int e = network.EquationCount, k = columns.Length;
        if (k == 0) return new RankResult(0, double.PositiveInfinity);
        var jac = new double[k * e];
        network.Jacobian(weights, columns, jac);
        for (int r = 0; r < e; r++)
        {
            double norm = 0;
            for (int c = 0; c < k; c++) norm += jac[c * e + r] * jac[c * e + r];
            if (norm > 0)
            {
                norm = Math.Sqrt(norm);
                for (int c = 0; c < k; c++) jac[c * e + r] /= norm;
            }
        }
        for (int c = 0; c < k; c++)
        {
            var col = jac.AsSpan(c * e, e);
            double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(col, col));
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Multiply(col, 1 / norm, col);
        }
        // Column-major e x k is exactly MathNet's dense storage layout.
        var m = Matrix<double>.Build.Dense(e, k, jac);
        var s = m.Svd(computeVectors: false).S;
        double max = s.Count > 0 ? s[0] : 0;
        int rank = 0;
        while (rank < s.Count && s[rank] > RelativeTolerance * max) rank++;
        double gap = rank == 0 ? double.PositiveInfinity : rank < s.Count ? s[rank - 1] / Math.Max(s[rank], double.Epsilon) : double.PositiveInfinity;
        return new RankResult(rank, gap);
    }

    /// <summary>
    /// The number of independent equations D: the generic rank of the Jacobian with respect to all weights,
    /// the dimension of the manifold of functions the architecture computes. Taken as the largest rank over
    /// a few random points (any one random point attains the generic rank with probability one; more points
    /// guard against an unlucky draw).
    /// </summary>
    public static int Generic(SubsetNetwork network, ulong seed, int points = 3)
    {
        var all = Enumerable.Range(0, network.WeightCount).ToArray();
        int best = 0;
        for (int p = 0; p < points; p++)
        {
            var w = network.DrawWeights(seed, Numerics.RandomNumbers.RngStream.Of(Numerics.RandomNumbers.RngStream.Init, network.Tag, p));
            best = Math.Max(best, Of(network, w, all).Rank);
        }
        return best;
    }
}

/// <summary>A numerical rank and its gap σ_r / σ_(r+1) (infinite when r is the full column count).</summary>
public readonly record struct RankResult(int Rank, double Gap);
