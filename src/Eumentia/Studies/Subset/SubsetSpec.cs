namespace Eumentia.Studies.Subset;

/// <summary>
/// The knobs of the match-probability part of the subset-learning study.
/// </summary>
/// <param name="Networks">Architectures as "ff:4-4-4", "rnn:1-4-1", "relu:3-4-1".</param>
/// <param name="Allocations">Allocations compared on every network.</param>
/// <param name="Draws">Independent (teacher, frozen student, allocation) draws per point: MP's sample size.</param>
/// <param name="MaxBudgetPoints">Every m from 1 to the number of weights when that is at most this many,
/// otherwise this many evenly spaced budgets plus D - 1, D, D + 1.</param>
/// <param name="Match">Restarts and tolerance of the matching search.</param>
/// <param name="Seed">Root of every random draw.</param>
/// <param name="Bootstrap">Bootstrap resamples of the draws for the errors of the transition points.</param>
/// <param name="Rechecks">Full-rank failures per network searched again far longer (<see cref="Recheck"/>).</param>
/// <param name="Mnist">The MNIST case, or null to skip it.</param>
public sealed record SubsetSpec(
    IReadOnlyList<string> Networks,
    IReadOnlyList<Allocation> Allocations,
    int Draws,
    int MaxBudgetPoints,
    MatchOptions Match,
    ulong Seed = 1,
    int Bootstrap = 200,
    int Rechecks = 6,
    MnistSubsetSpec? Mnist = null)
{
    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "quick", "standard", "paper"];

    /// <summary>
    /// tiny: two 2-2-2 networks, three allocations, six draws and a one-epoch MNIST case: seconds, for tests and a first look.
    /// quick: small nets, 40 draws, 48 confirming restarts on the linear nets (12 per start scale; 24 missed a
    /// planted solution of rnn:1-3-1 that the 41st found) and 12 on the ReLU net (48 there made single jobs take
    /// 40 to 115 s and the preset an hour), about 5 minutes on two shared cores. standard: larger nets, bottlenecks,
    /// two-in two-out RNNs, 50 draws, about 20 minutes on two shared cores (measured: the README); 48
    /// confirming restarts on the linear nets, where they are cheap and find the small-basin solutions at
    /// m = D, but one ReLU net with 12, as ReLU students are the costly ones: their full-rank failures are
    /// common (sign constraints, not search misses) and each gets the confirming search, which made 60 draws
    /// with 24 confirming restarts project to about an hour here (measured part way). paper: the sizes of
    /// the paper's figures, 200 draws: hours of CPU, for a cluster (planned with --plan-only and run as a Slurm
    /// array over the study's keyed runs; a task killed at its time limit leaves its finished runs done).
    /// </summary>
    public static SubsetSpec Preset(string name) => name switch
    {
        "tiny" => new(["ff:2-2-2", "rnn:1-2-1"], [Allocation.Parse("random"), Allocation.Parse("spread-row"), Allocation.Parse("concentrated-layer")], 6, 8,
            new MatchOptions(Restarts: 2), Rechecks: 2, Mnist: MnistSubsetSpec.Preset("tiny")),
        "quick" => new(["ff:4-4-4", "ff:3-3-3-3", "rnn:1-4-1", "relu:3-4-1"], Allocation.BuiltIn, 40, 40, new MatchOptions(Restarts: 4, ConfirmRestarts: 48, RoughConfirmRestarts: 12), Mnist: MnistSubsetSpec.Preset("quick")),
        "standard" => new(["ff:6-6-6", "ff:4-4-4-4", "ff:6-3-6", "rnn:1-6-1", "rnn:2-4-2", "relu:4-6-1"],
            Allocation.BuiltIn, 50, 40, new MatchOptions(Restarts: 4, ConfirmRestarts: 48, RoughConfirmRestarts: 12), Rechecks: 10, Mnist: MnistSubsetSpec.Preset("standard")),
        "paper" => new(["ff:8-8-8", "ff:6-6-6-6", "ff:10-5-10", "rnn:1-8-1", "rnn:2-6-2", "relu:5-8-1", "relu:4-8-2"],
            Allocation.BuiltIn, 200, 48, new MatchOptions(Restarts: 8), Rechecks: 40, Mnist: MnistSubsetSpec.Preset("paper")),
        _ => throw new UsageException($"preset '{name}': expected one of {string.Join(", ", PresetNames)}"),
    };

    /// <summary>The budgets m measured on a network with <paramref name="weights"/> weights and D independent equations.</summary>
    public int[] Budgets(int weights, int independentEquations) => BudgetGrid(weights, independentEquations, MaxBudgetPoints);

    /// <summary>
    /// Every m from 1 to <paramref name="weights"/> when that is at most <paramref name="points"/>, otherwise that
    /// many evenly spaced budgets plus D - 1, D, D + 1.
    /// </summary>
    public static int[] BudgetGrid(int weights, int independentEquations, int points)
    {
        if (weights <= points) return [.. Enumerable.Range(1, weights)];
        var set = new SortedSet<int>();
        for (int i = 0; i < points; i++)
            set.Add(1 + (int)Math.Round((weights - 1) * (double)i / (points - 1)));
        foreach (int m in new[] { independentEquations - 1, independentEquations, independentEquations + 1 })
            if (m >= 1 && m <= weights) set.Add(m);
        return [.. set];
    }

    public void Validate()
    {
        if (Networks.Count == 0) throw new UsageException("subset: no networks given");
        if (Allocations.Count == 0) throw new UsageException("subset: no allocations given");
        if (Draws < 1) throw new UsageException($"subset: draws must be at least 1, got {Draws}");
        if (MaxBudgetPoints < 2) throw new UsageException($"subset: budget points must be at least 2, got {MaxBudgetPoints}");
        if (Match.Restarts < 1) throw new UsageException($"subset: restarts must be at least 1, got {Match.Restarts}");
        if (Match.ConfirmRestarts < 0) throw new UsageException($"subset: match.confirm_restarts must be at least 0, got {Match.ConfirmRestarts}");
        if (!(Match.Tolerance > 0 && Match.Tolerance < 1)) throw new UsageException($"subset: tolerance must be in (0, 1), got {Match.Tolerance}");
        if (Bootstrap < 0) throw new UsageException($"subset: bootstrap resamples must be >= 0, got {Bootstrap}");
        if (Match.Descent is not null || Match.ConfirmDescent is not null)
            throw new UsageException("subset: the study's search uses the default descents (they are not part of a matching job's settings)");
        if (Rechecks < 0) throw new UsageException($"subset: rechecks must be >= 0, got {Rechecks}");
        Mnist?.Validate();
    }
}
