using System.Text.Json.Serialization;

namespace Eumentia.Studies.Subset;

/// <summary>
/// What is known, beyond the search, about whether a student can match its teacher (written by name in outcomes.json).
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<Certificate>))]
public enum Certificate
{
    /// <summary>Nothing: a full-rank student whose function is not affine in its learnable weights and whose search found
    /// no solution (the polynomial system may have no real solution, or the search missed it). MP counts it unmatched,
    /// so there MP is a lower bound.</summary>
    None,
    /// <summary>Affine in the learnable weights, and the target lies in the column space of the constant Jacobian
    /// (<see cref="LinearMatch"/>): solvable, decided exactly.</summary>
    LinearSolvable,
    /// <summary>Affine in the learnable weights, and the target lies off the column space: no solution exists.</summary>
    LinearUnsolvable,
    /// <summary>A solution was found (relative residual below the tolerance): solvable.</summary>
    FoundSolution,
    /// <summary>Not affine, and the learnable weights' Jacobian has rank below D at a random point, so (the rank at a random
    /// point being the generic one) their image has dimension below D: a teacher drawn from a density on the
    /// D-dimensional teacher manifold lies off it with probability one. Unsolvable for the study's teachers, not for
    /// planted ones.</summary>
    RankDeficient,
}

/// <summary>What each certificate says about solvability.</summary>
public static class Certificates
{
    public static bool ProvesSolvable(this Certificate c) => c is Certificate.LinearSolvable or Certificate.FoundSolution;

    public static bool ProvesUnsolvable(this Certificate c) => c is Certificate.LinearUnsolvable or Certificate.RankDeficient;
}
