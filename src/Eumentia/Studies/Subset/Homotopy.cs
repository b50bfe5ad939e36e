using Eumentia.Analysis.Optimisation;
using Eumentia.Nets.TeacherStudent;

namespace Eumentia.Studies.Subset;

/// <summary>
/// Matching by continuation in the teacher: a student starting at learnable values θ0 matches, trivially,
/// the teacher whose weights are its own (frozen plus θ0). Move that teacher along the straight line to the
/// real teacher, w_T(s) = (1 - s) w_start + s w_teacher, and follow the student's solution θ(s) with short
/// warm-started Levenberg–Marquardt corrections after a secant prediction. Where the student's Jacobian has
/// the full rank D, the implicit function theorem keeps θ(s) a smooth path until it meets a fold (the
/// real solution disappears) or runs off to infinity; otherwise it arrives at a solution of the real
/// problem. This finds the small-basin solutions of the square systems near m = D that random restarts
/// of a plain descent miss (on rnn:1-4-1 those needed 30 to 40 restarts). The steps in s grow by 1.5 after
/// a converged correction and halve after a failed one; the path is abandoned when they fall below
/// <see cref="MinStep"/> or the iterations run out.
/// </summary>
public static class Homotopy
{
    const double FirstStep = 0.05, MaxStep = 0.25, MinStep = 1e-3, Grow = 1.5;

    /// <summary>Tracks from <paramref name="weights"/> (the start, overwritten with the end) towards the teacher's function.</summary>
    public static DescentResult Track(SubsetNetwork network, double[] weights, ReadOnlySpan<int> learnable, ReadOnlySpan<double> teacherWeights,
        ReadOnlySpan<double> target, LevenbergMarquardtOptions final)
    {
        int k = learnable.Length, n = weights.Length;
        var begin = (double[])weights.Clone();
        var teacher = teacherWeights.ToArray();
        var along = new double[n];
        var pointTarget = new double[network.EquationCount];
        var previous = new double[k];
        var current = new double[k];
        var trial = new double[n];
        for (int a = 0; a < k; a++) current[a] = previous[a] = weights[learnable[a]];
        var corrector = new LevenbergMarquardtOptions(MaxIterations: 30, TargetRelativeResidual: final.TargetRelativeResidual * 100, StallWindow: 8, StallFactor: 0.9);
        double s = 0, ds = FirstStep, lastDs = 0;
        int iterations = 0;
        while (s < 1 && iterations < final.MaxIterations)
        {
            double next = Math.Min(1, s + ds);
            for (int i = 0; i < n; i++) along[i] = (1 - next) * begin[i] + next * teacher[i];
            network.Function(along, pointTarget);
            weights.CopyTo(trial, 0);
            double extrapolate = lastDs > 0 ? (next - s) / lastDs : 0; // secant predictor along the path
            for (int a = 0; a < k; a++) trial[learnable[a]] = current[a] + extrapolate * (current[a] - previous[a]);
            var d = LevenbergMarquardt.Descend(network, trial, learnable, pointTarget, corrector);
            iterations += d.Iterations;
            if (d.RelativeResidual < 1e3 * corrector.TargetRelativeResidual)
            {
                trial.CopyTo(weights, 0);
                for (int a = 0; a < k; a++) { previous[a] = current[a]; current[a] = weights[learnable[a]]; }
                lastDs = next - s;
                s = next;
                ds = Math.Min(MaxStep, ds * Grow);
            }
            else if ((ds /= 2) < MinStep) break;
        }
        var end = LevenbergMarquardt.Descend(network, weights, learnable, target, final with { MaxIterations = Math.Max(50, final.MaxIterations - iterations) });
        return new DescentResult(end.RelativeResidual, iterations + end.Iterations);
    }
}
