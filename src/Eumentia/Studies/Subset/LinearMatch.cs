using Eumentia.Nets.TeacherStudent;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Eumentia.Studies.Subset;

/// <summary>
/// The exact verdict on a student whose function is affine in its learnable weights θ (all of them in one layer
/// of a deep linear net, in U or in V of a linear RNN, in the output layer of a ReLU net):
/// f(θ) = f(θ_0) + J (θ - θ_0) with J constant, so a match exists iff b = target - f(θ_0) lies in the column
/// space of J. Decided by rank, and the minimum-norm least-squares solution computed, which is the best match
/// there is: its residual, evaluated with the network's own function, is the study's verdict with no search.
/// </summary>
/// <param name="Certificate"><see cref="Certificate.LinearSolvable"/>, <see cref="Certificate.LinearUnsolvable"/>, or
/// <see cref="Certificate.None"/> when the rank is not clear at float64 precision.</param>
/// <param name="RelativeResidual">||f(w) - target|| / ||target|| at the least-squares solution w.</param>
/// <param name="Weights">The whole weight vector at that solution.</param>
/// <param name="Rank">Numerical rank r of J (columns scaled to unit norm, σ_i > <see cref="JacobianRank.RelativeTolerance"/> σ_1).</param>
/// <param name="Conditioning">κ_r = σ_1 / σ_r of the scaled J.</param>
/// <param name="OffSpace">||P⊥ b|| / ||b||: the part of b outside the span of the first r left singular vectors.</param>
/// <param name="RoundOff">The largest OffSpace round-off can make of a b inside the column space: <see cref="LinearMatch.RoundOffFactor"/> ε κ_r.</param>
public sealed record LinearMatchResult(Certificate Certificate, double RelativeResidual, double[] Weights, int Rank, double Conditioning, double OffSpace, double RoundOff);

/// <summary>
/// Decides and solves the affine case (<see cref="LinearMatchResult"/>). The tolerances, from the conditioning:
/// J is computed from products of O(1) factors with relative error of a few ε, so the computed J = J_true + E
/// with ||E|| ~ ε σ_1. (i) Rank: singular values of the column-scaled J below ε σ_1 times a small factor are
/// round-off; genuine ones of these small nets sit far above <see cref="JacobianRank.RelativeTolerance"/> σ_1 = 1e-9 σ_1
/// (the study's rank threshold). A σ_(r+1) between <see cref="ZeroSingularValue"/> σ_1 and that threshold could be
/// either, and is reported undecided (<see cref="Certificate.None"/>). (ii) Consistency: by Wedin's theorem the
/// computed r-dimensional column space is within an angle ||E|| / σ_r ~ ε κ_r of the true one, so a b inside
/// the true space shows OffSpace ≲ ε κ_r; <see cref="RoundOffFactor"/> = 1000 covers the constants (dimensions up
/// to a few hundred). A b outside it shows OffSpace of order one for a generic teacher (the distance of a random
/// point from a subspace), so the two cases are separated by many decades, and the result carries both
/// numbers so that the margin is measured, not assumed. References: Golub &amp; Van Loan, Matrix Computations
/// (4th ed.), §5.5 (rank-deficient least squares) and §2.6 (subspace perturbation); Wedin, BIT 12 (1972) 99.
/// </summary>
public static class LinearMatch
{
    public const double ZeroSingularValue = 1e-12, RoundOffFactor = 1e3;

    /// <summary>float64's unit round-off ε = 2^-52 (<see cref="double.Epsilon"/> is the smallest subnormal instead).</summary>
    const double UnitRoundOff = 2.220446049250313e-16;

    public static LinearMatchResult Solve(SubsetNetwork network, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable, ReadOnlySpan<double> target)
    {
        if (!network.IsAffineIn(learnable))
            throw new ArgumentException($"{network.Name}: the function is not affine in these {learnable.Length} weights", nameof(learnable));
        int e = network.EquationCount, k = learnable.Length;
        var f0 = network.Function(frozen);
        var b = Vector<double>.Build.Dense(e);
        for (int i = 0; i < e; i++) b[i] = target[i] - f0[i];
        var jac = new double[k * e];
        network.Jacobian(frozen, learnable, jac);
        var scale = new double[k];
        for (int c = 0; c < k; c++)
        {
            var col = jac.AsSpan(c * e, e);
            double norm = Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(col, col));
            scale[c] = norm > 0 ? 1 / norm : 0; // a weight that does not act on the function keeps its frozen value
            System.Numerics.Tensors.TensorPrimitives.Multiply(col, scale[c], col);
        }
        var (u, s, v) = ThinSvd(Matrix<double>.Build.Dense(e, k, jac));
        double top = s.Count > 0 ? s[0] : 0;
        int rank = 0;
        while (rank < s.Count && s[rank] > JacobianRank.RelativeTolerance * top) rank++;
        bool clear = rank == s.Count || s[rank] < ZeroSingularValue * top;

        double bNorm = b.L2Norm();
        var coefficients = u.TransposeThisAndMultiply(b);
        var inside = Vector<double>.Build.Dense(e);
        var theta = Vector<double>.Build.Dense(k);
        for (int i = 0; i < rank; i++)
        {
            inside += coefficients[i] * u.Column(i);
            theta += coefficients[i] / s[i] * v.Column(i);
        }
        double offSpace = bNorm == 0 ? 0 : (b - inside).L2Norm() / bNorm;
        double conditioning = rank == 0 ? 1 : top / s[rank - 1];
        double roundOff = RoundOffFactor * UnitRoundOff * conditioning;

        var weights = frozen.ToArray();
        for (int c = 0; c < k; c++) weights[learnable[c]] += scale[c] * theta[c];
        var f = network.Function(weights);
        double diff = 0, norm2 = 0;
        for (int i = 0; i < e; i++) { diff += (f[i] - target[i]) * (f[i] - target[i]); norm2 += target[i] * target[i]; }
        double residual = Math.Sqrt(diff / (norm2 == 0 ? 1 : norm2));
        var certificate = !clear ? Certificate.None : offSpace <= roundOff ? Certificate.LinearSolvable : Certificate.LinearUnsolvable;
        return new LinearMatchResult(certificate, double.IsFinite(residual) ? residual : double.PositiveInfinity, weights, rank, conditioning, offSpace, roundOff);
    }

    /// <summary>A = U diag(S) V^T with U (rows x p), V (columns x p), p = min(rows, columns): by a thin QR first when A is tall, so U stays rows x p.</summary>
    static (Matrix<double> U, Vector<double> S, Matrix<double> V) ThinSvd(Matrix<double> a)
    {
        if (a.RowCount <= a.ColumnCount)
        {
            var svd = a.Svd(computeVectors: true);
            return (svd.U, svd.S, svd.VT.Transpose().SubMatrix(0, a.ColumnCount, 0, a.RowCount));
        }
        var qr = a.QR(QRMethod.Thin);
        var inner = qr.R.Svd(computeVectors: true);
        return (qr.Q * inner.U, inner.S, inner.VT.Transpose());
    }
}

