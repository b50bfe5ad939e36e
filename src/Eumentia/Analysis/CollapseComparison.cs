namespace Eumentia.Analysis;

/// <summary>
/// Two forms fitted to the same data, compared by quality: the ratio S_A / S_B and the winner (smaller S).
/// <paramref name="DeltaChi2"/> approximates the chi^2 difference, (S_A - S_B) times the points used, for a
/// sense of how decisive the ratio is; points of a collapse are not independent, so read it as a guide.
/// </summary>
public sealed record CollapseComparison(string FormA, string FormB, double SA, double SB, double Ratio, string Winner, double DeltaChi2, string Verdict)
{
    public static CollapseComparison Compare(CollapseResult a, CollapseResult b)
    {
        double ratio = a.Quality.S / b.Quality.S;
        string winner = ratio <= 1 ? a.Form : b.Form, loser = ratio <= 1 ? b.Form : a.Form;
        double deltaChi2 = (a.Quality.S - b.Quality.S) * Math.Min(a.Quality.PointsUsed, b.Quality.PointsUsed);
        double factor = ratio <= 1 ? 1 / ratio : ratio;
        string strength = factor >= 2 ? "clearly" : factor >= 1.2 ? "moderately" : "marginally";
        string verdict = $"{winner} collapses the data {strength} better than {loser}: S = {Math.Min(a.Quality.S, b.Quality.S):G4} against {Math.Max(a.Quality.S, b.Quality.S):G4} (ratio {factor:G3})";
        return new CollapseComparison(a.Form, b.Form, a.Quality.S, b.Quality.S, ratio, winner, deltaChi2, verdict);
    }
}
