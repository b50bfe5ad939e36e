using Eumentia.Nets.TeacherStudent;

namespace Eumentia.Analysis.Optimisation;

/// <summary>Stopping rules of one Levenberg–Marquardt descent.</summary>
/// <param name="MaxIterations">Accepted or rejected steps at most.</param>
/// <param name="TargetRelativeResidual">Stop as soon as the weighted relative residual ||s (f(w) - target)|| / ||s target|| falls below this.</param>
/// <param name="StallWindow">Stop when the squared residual shrank by less than a factor <paramref name="StallFactor"/>
/// over this many iterations: a least-squares minimum that is not a solution, or a crawl along a valley.
/// Restarts find matches more cheaply than crawls do: on rnn:1-4-1, cutting crawls after 10 iterations
/// instead of 25 lost 1.3 % of matches at 4 restarts and saved 80 % of the iterations.</param>
/// <param name="GeodesicAcceleration">Add Transtrum and Sethna's second-order correction to each step (one
/// more function evaluation per step): it lets steps follow curved valleys instead of crawling along them.
/// Used only on networks whose function is smooth (<see cref="SubsetNetwork.IsSmooth"/>).</param>
public sealed record LevenbergMarquardtOptions(
    int MaxIterations = 300,
    double TargetRelativeResidual = 1e-12,
    int StallWindow = 10,
    double StallFactor = 0.98,
    bool GeodesicAcceleration = true);

/// <summary>Where one descent ended: the unweighted relative residual ||f(w) - target|| / ||target|| and the iterations it took.</summary>
public readonly record struct DescentResult(double RelativeResidual, int Iterations);

/// <summary>
/// Levenberg–Marquardt on r(θ) = s ∘ (f(w(θ)) - target), where θ are the learnable entries of w, the rest
/// stay frozen, and s are the network's residual weights (<see cref="SubsetNetwork.ResidualWeights"/>: for a
/// linear RNN they make every Markov parameter count alike, where unweighted the largest powers of W would
/// drown the rest). Steps solve (J^T J + λ I) δ = -J^T r by Cholesky; λ follows Nielsen's rule (shrink by
/// max(1/3, 1 - (2ρ - 1)^3) on a good step, double-and-double-again on a bad one), which is robust on
/// rank-deficient and over-parameterised problems, both of which the subset study is full of. With
/// geodesic acceleration the step is δ + a/2, a = -(J^T J + λ I)^(-1) J^T r_vv and r_vv the second
/// directional derivative along δ by finite differences, accepted only while 2|a| ≤ 0.75 |δ|.
/// </summary>
public static class LevenbergMarquardt
{
    const double AccelerationLimit = 0.75, DirectionalStep = 0.1;

    public static DescentResult Descend(SubsetNetwork network, double[] weights, ReadOnlySpan<int> learnable, ReadOnlySpan<double> target, LevenbergMarquardtOptions options)
    {
        int e = network.EquationCount, k = learnable.Length;
        var scale = network.ResidualWeights(target);
        var scaledTarget = new double[e];
        for (int i = 0; i < e; i++) scaledTarget[i] = scale[i] * target[i];
        double targetNorm = Norm(scaledTarget);
        if (targetNorm == 0) targetNorm = 1;
        var f = new double[e];
        var r = new double[e];
        var rh = new double[e];
        var jac = new double[k * e];
        var normal = new double[k * k];
        var system = new double[k * k];
        var grad = new double[k];
        var step = new double[k];
        var accel = new double[k];
        var jacStep = new double[e];
        var trial = new double[weights.Length];

        double cost = Cost(network, weights, scaledTarget, scale, f, r);
        var history = new List<double> { cost };
        double lambda = -1, nu = 2;
        int it = 0;
        while (it < options.MaxIterations && Math.Sqrt(cost) / targetNorm > options.TargetRelativeResidual)
        {
            network.Jacobian(weights, learnable, jac);
            for (int a = 0; a < k; a++)
            {
                var ja = jac.AsSpan(a * e, e);
                System.Numerics.Tensors.TensorPrimitives.Multiply(ja, scale, ja);
                grad[a] = Dot(ja, r);
                for (int b = 0; b < a; b++) normal[a * k + b] = normal[b * k + a] = Dot(ja, jac.AsSpan(b * e, e));
                normal[a * k + a] = Dot(ja, ja);
            }
            double maxDiag = 0, maxGrad = 0;
            for (int a = 0; a < k; a++) { maxDiag = Math.Max(maxDiag, normal[a * k + a]); maxGrad = Math.Max(maxGrad, Math.Abs(grad[a])); }
            if (maxDiag == 0 || maxGrad <= 1e-300) break; // f does not depend on θ here, or the gradient vanished
            if (lambda < 0) lambda = 1e-3 * maxDiag;

            bool accepted = false;
            while (!accepted && it < options.MaxIterations)
            {
                it++;
                normal.CopyTo(system, 0);
                for (int a = 0; a < k; a++) system[a * k + a] += lambda;
                if (!Cholesky(system, k)) { lambda *= nu; nu *= 2; continue; }
                Solve(system, grad, step, k); // the step is δ = -step
                double predicted = 0, stepNorm = 0, thetaNorm = 0;
                for (int a = 0; a < k; a++)
                {
                    predicted += step[a] * (lambda * step[a] + grad[a]); // model decrease s·(λ s + g) > 0
                    stepNorm += step[a] * step[a];
                    thetaNorm += weights[learnable[a]] * weights[learnable[a]];
                }
                bool curvatureOk = true;
                accel.AsSpan().Clear();
                if (options.GeodesicAcceleration && network.IsSmooth)
                {
                    // r_vv ≈ (2/h) ((r(θ + h δ) - r(θ)) / h - J δ)
                    Displace(weights, learnable, step, -DirectionalStep, trial);
                    Cost(network, trial, scaledTarget, scale, f, rh);
                    jacStep.AsSpan().Clear();
                    for (int a = 0; a < k; a++) System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(jac.AsSpan(a * e, e), -step[a], jacStep, jacStep);
                    for (int i = 0; i < e; i++) rh[i] = 2 / DirectionalStep * ((rh[i] - r[i]) / DirectionalStep - jacStep[i]);
                    for (int a = 0; a < k; a++) accel[a] = Dot(jac.AsSpan(a * e, e), rh);
                    Solve(system, accel, accel, k); // acceleration a = -accel
                    double accelNorm = Math.Sqrt(Dot(accel, accel));
                    curvatureOk = double.IsFinite(accelNorm) && 2 * accelNorm <= AccelerationLimit * Math.Sqrt(stepNorm);
                    if (!curvatureOk) accel.AsSpan().Clear();
                }
                for (int a = 0; a < k; a++) accel[a] = step[a] + 0.5 * accel[a];
                Displace(weights, learnable, accel, -1, trial);
                double trialCost = curvatureOk ? Cost(network, trial, scaledTarget, scale, f, null) : double.PositiveInfinity;
                double rho = double.IsFinite(trialCost) && predicted > 0 ? (cost - trialCost) / predicted : -1;
                if (rho > 0)
                {
                    accepted = true;
                    trial.CopyTo(weights, 0);
                    cost = Cost(network, weights, scaledTarget, scale, f, r);
                    lambda *= Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                    nu = 2;
                }
                else
                {
                    lambda *= nu;
                    nu *= 2;
                }
                if (stepNorm <= 1e-30 * (thetaNorm + 1e-30) || lambda > 1e300) { it = options.MaxIterations; break; }
            }
            history.Add(cost);
            int h = history.Count - 1;
            if (h >= options.StallWindow && cost > options.StallFactor * history[h - options.StallWindow]) break;
        }
        return new DescentResult(UnweightedRelativeResidual(network, weights, target, f), it);
    }

    /// <summary>trial = weights with the learnable entries moved by factor * direction.</summary>
    static void Displace(double[] weights, ReadOnlySpan<int> learnable, double[] direction, double factor, double[] trial)
    {
        weights.CopyTo(trial, 0);
        for (int a = 0; a < learnable.Length; a++) trial[learnable[a]] += factor * direction[a];
    }

    static double UnweightedRelativeResidual(SubsetNetwork network, double[] weights, ReadOnlySpan<double> target, double[] f)
    {
        network.Function(weights, f);
        double s = 0;
        for (int i = 0; i < f.Length; i++) s += (f[i] - target[i]) * (f[i] - target[i]);
        double t = Norm(target);
        double rel = Math.Sqrt(s) / (t == 0 ? 1 : t);
        return double.IsFinite(rel) ? rel : double.PositiveInfinity;
    }

    /// <summary>Factors symmetric positive definite A (k x k) in place into its lower Cholesky factor; false if not positive definite.</summary>
    static bool Cholesky(double[] a, int k)
    {
        for (int j = 0; j < k; j++)
        {
            double d = a[j * k + j];
            for (int p = 0; p < j; p++) d -= a[j * k + p] * a[j * k + p];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            a[j * k + j] = d;
            for (int i = j + 1; i < k; i++)
            {
                double s = a[i * k + j];
                for (int p = 0; p < j; p++) s -= a[i * k + p] * a[j * k + p];
                a[i * k + j] = s / d;
            }
        }
        return true;
    }

    /// <summary>Solves L L^T x = g with the factor from <see cref="Cholesky"/>; x may be g.</summary>
    static void Solve(double[] l, double[] g, double[] x, int k)
    {
        for (int i = 0; i < k; i++)
        {
            double s = g[i];
            for (int p = 0; p < i; p++) s -= l[i * k + p] * x[p];
            x[i] = s / l[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int p = i + 1; p < k; p++) s -= l[p * k + i] * x[p];
            x[i] = s / l[i * k + i];
        }
    }

    /// <summary>||s ∘ f(w) - scaledTarget||², the residual s ∘ f - scaledTarget into <paramref name="residual"/> when given.</summary>
    static double Cost(SubsetNetwork network, double[] weights, double[] scaledTarget, double[] scale, double[] f, double[]? residual)
    {
        network.Function(weights, f);
        double s = 0;
        for (int i = 0; i < f.Length; i++)
        {
            double d = scale[i] * f[i] - scaledTarget[i];
            if (residual is not null) residual[i] = d;
            s += d * d;
        }
        return double.IsFinite(s) ? s : double.PositiveInfinity;
    }

    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => System.Numerics.Tensors.TensorPrimitives.Dot(a, b);

    static double Norm(ReadOnlySpan<double> a) => Math.Sqrt(Dot(a, a));
}
