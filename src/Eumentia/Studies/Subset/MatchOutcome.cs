namespace Eumentia.Studies.Subset;

/// <summary>
/// One student at one budget: network, allocation, budget m, draw (teacher, frozen weights and allocation
/// draw), whether it matched, whether a descent was run (false: the match is implied by a match at a
/// smaller budget of the same nested allocation), the best relative residual, and the Jacobian rank with
/// respect to the m learnable weights (measured at the first restart's starting point and raised to the
/// largest rank of a smaller budget of the same nested set), with the measured gap σ_r / σ_(r+1); then what
/// is certified about solvability beyond the search (<see cref="Subset.Certificate"/>; None in runs made before
/// issue 23), the Jacobian rank at the solution when one was found (D there certifies a smooth (m - D)-dimensional
/// manifold of solutions through it, and a match of every teacher near this one; -1 without a solution), and the
/// condition number κ_r of the linear system when the student is affine in its learnable weights (NaN otherwise).
/// </summary>
public sealed record MatchOutcome(
    string Network, string Allocation, int Budget, int Draw,
    bool Matched, bool Solved, double RelativeResidual,
    int Rank, double RankGap, int Restarts, int Iterations,
    Certificate Certificate = Certificate.None, int SolutionRank = -1, double Conditioning = double.NaN);

/// <summary>
/// An architecture's counts: weights, equations in its function vector, and D, the generic rank of the
/// full Jacobian (independent equations; the dimension of the set of functions it computes).
/// </summary>
public sealed record NetworkTheory(string Network, int Weights, int Equations, int IndependentEquations);
