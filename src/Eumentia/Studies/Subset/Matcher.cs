using Eumentia.Analysis.Optimisation;
using Eumentia.Nets.TeacherStudent;

namespace Eumentia.Studies.Subset;

/// <summary>
/// How a match is searched for and judged.
/// </summary>
/// <param name="Restarts">Independent random starts of the learnable weights; the search stops at the first match.</param>
/// <param name="Tolerance">A match is a relative residual ||f_student - f_teacher|| / ||f_teacher|| below this. Converging
/// descents end below 1e-10 (their target is 1e-4 times this); near-fits that are not solutions leave residuals
/// at every level down to ~1e-7 (an rnn:1-6-1 student with one equation too few fitted to 4e-7), so the
/// default sits in the gap between.</param>
/// <param name="ConfirmRestarts">Further restarts, with the longer <see cref="ConfirmDescentOptions"/>, spent before a
/// student whose Jacobian has full rank (so theory expects a match) is declared unmatched. At m = D the
/// matching equations are a square polynomial system whose real solutions have small basins: on ff:4-4-4,
/// 4 short restarts missed matches that 16 to 165 restarts found. Rank-deficient students cannot match
/// generically and get no extra search.</param>
/// <param name="Descent">Stopping rules of each descent. Its target is set far below the tolerance so that a
/// converging descent ends clearly on one side of it.</param>
/// <param name="ConfirmDescent">Stopping rules of the confirming descents: longer, and patient with crawls.</param>
/// <param name="Homotopy">Each confirming restart first follows the path from the student's own function to the
/// teacher's (<see cref="Subset.Homotopy"/>), when the teacher's weights are known, and falls back on the long
/// descent from the same start when the path is lost.</param>
/// <param name="RoughConfirmRestarts">Confirming restarts on networks whose function is not smooth (ReLU), or null for
/// <paramref name="ConfirmRestarts"/>. There full rank often cannot match (sign constraints), so the confirming
/// search mostly confirms true failures, and it took most of the standard preset's time; on linear nets it is
/// cheap and pays: on ff:4-4-4-4 (50 draws) 48 confirming restarts left 2 full-rank students unmatched where
/// 12 left 20, in 10 s.</param>
/// <param name="Certify">The search of issue 23 (true) or the one before it (false, kept so that finished runs keep
/// their keys and meaning): students affine in their learnable weights are decided and solved exactly
/// (<see cref="LinearMatch"/>); the confirming restarts start at the scales <see cref="StartScales"/> in turn, for
/// solutions far from the frozen weights' scale (measured: ff:3-3-3-3 at m = D needed a learnable weight of
/// 296 with frozen ones of 0.05, found from a start 3x the init scale and missed by every start at 1x); and
/// every outcome carries its <see cref="Certificate"/>.</param>
public sealed record MatchOptions(int Restarts = 4, double Tolerance = 1e-8, int ConfirmRestarts = 24,
    LevenbergMarquardtOptions? Descent = null, LevenbergMarquardtOptions? ConfirmDescent = null, bool Homotopy = true, int? RoughConfirmRestarts = null,
    bool Certify = true)
{
    /// <summary>Scales of the confirming restarts' starts, times the init scale, in turn (with <see cref="Certify"/>).</summary>
    public static IReadOnlyList<double> StartScales { get; } = [1, 3, 10, 30];

    /// <summary>
    /// The factor on confirming restart <paramref name="confirming"/>'s (0, 1, ...) start. Smooth (linear) nets only: a
    /// ReLU unit's scale is a symmetry (relu(c x) = c relu(x)), so the large solutions the scales are for are mostly
    /// rescalings of small ones, and on relu:3-4-1 the scaled starts made single jobs take up to 150 s.
    /// </summary>
    public double StartScale(SubsetNetwork network, int confirming) => Certify && network.IsSmooth ? StartScales[confirming % StartScales.Count] : 1;

    /// <summary>The confirming restarts spent on a full-rank failure of <paramref name="network"/>.</summary>
    public int ConfirmRestartsFor(SubsetNetwork network) => network.IsSmooth ? ConfirmRestarts : RoughConfirmRestarts ?? ConfirmRestarts;

    public LevenbergMarquardtOptions DescentOptions => Descent ?? new LevenbergMarquardtOptions(TargetRelativeResidual: Tolerance * 1e-4);

    public LevenbergMarquardtOptions ConfirmDescentOptions => ConfirmDescent ??
        new LevenbergMarquardtOptions(MaxIterations: 1500, TargetRelativeResidual: Tolerance * 1e-4, StallWindow: 50, StallFactor: 0.995);
}

/// <summary>The best of all restarts: whether it matched, its residual, how many restarts and iterations it took, and the weights where it matched.</summary>
public readonly record struct MatchResult(bool Matched, double RelativeResidual, int RestartsUsed, int Iterations, double[]? Weights = null);

/// <summary>Searches for learnable values that make the student's function equal the teacher's.</summary>
public static class Matcher
{
    /// <summary>
    /// Runs <see cref="MatchOptions.Restarts"/> descents (or, to <paramref name="confirm"/> a failure, the
    /// <see cref="MatchOptions.ConfirmRestarts"/> long ones numbered after them, each a homotopy towards
    /// <paramref name="teacherWeights"/> first when they are given), stopping at the first match. Restart r starts the learnable weights at
    /// fresh Gaussian draws at counters (r + 1) * 2^32 + weight index of (seed, stream), so weight i gets the
    /// same start in every budget m and every allocation of one draw.
    /// </summary>
    public static MatchResult Match(SubsetNetwork network, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable, ReadOnlySpan<double> target,
        MatchOptions options, ulong seed, ulong stream, bool confirm = false, ReadOnlySpan<double> teacherWeights = default)
    {
        bool track = confirm && options.Homotopy && teacherWeights.Length == frozen.Length;
        int firstRestart = confirm ? options.Restarts : 0, restarts = confirm ? options.ConfirmRestartsFor(network) : options.Restarts;
        var descent = confirm ? options.ConfirmDescentOptions : options.DescentOptions;
        double best = double.PositiveInfinity;
        int iterations = 0;
        var w = new double[frozen.Length];
        for (int r = firstRestart; r < firstRestart + restarts; r++)
        {
            double scale = confirm ? options.StartScale(network, r - firstRestart) : 1;
            Start(network, frozen, learnable, seed, stream, r, scale, w);
            var d = track ? Homotopy.Track(network, w, learnable, teacherWeights, target, descent) : default;
            if (!track || d.RelativeResidual >= options.Tolerance)
            {
                iterations += d.Iterations;
                Start(network, frozen, learnable, seed, stream, r, scale, w);
                d = LevenbergMarquardt.Descend(network, w, learnable, target, descent);
            }
            iterations += d.Iterations;
            best = Math.Min(best, d.RelativeResidual);
            if (best < options.Tolerance) return new MatchResult(true, best, r - firstRestart + 1, iterations, w);
        }
        return new MatchResult(false, best, restarts, iterations);
    }

    /// <summary>Restart r's start: the frozen weights with the learnable ones redrawn and multiplied by <paramref name="scale"/>.</summary>
    static void Start(SubsetNetwork network, ReadOnlySpan<double> frozen, ReadOnlySpan<int> learnable, ulong seed, ulong stream, int restart, double scale, double[] w)
    {
        frozen.CopyTo(w);
        network.RedrawWeights(w, learnable, seed, stream, RestartCounter(restart));
        if (scale != 1)
            foreach (int i in learnable) w[i] *= scale;
    }

    /// <summary>First counter of restart r's starting values.</summary>
    public static ulong RestartCounter(int restart) => (ulong)(restart + 1) << 32;
}
