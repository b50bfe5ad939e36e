namespace Eumentia.Studies.Phases;

/// <summary>
/// The p_eval values that refine a coarse grid where it matters: inside every eumentia|dementia boundary interval of a
/// cut, at a fixed step. A BKT length fit needs N* close to p_c, and a coarse grid puts only its first dementia cell
/// there; evaluation branches of the nets already trained make the added values cheap (nothing trains).
/// </summary>
public static class BoundaryRefinement
{
    /// <summary>
    /// For each (width, depth, p_train) with an eumentia|dementia boundary (either order), the values strictly inside
    /// the boundary interval at multiples of <paramref name="step"/> from its lower end, less those already in
    /// <paramref name="grid"/> (rounded to 1e-9 so that 0.4 + 0.02·k keys as 0.42, not 0.42000000000000004).
    /// </summary>
    public static IReadOnlyDictionary<(int Width, int Depth, double PTrain), double[]> Values(IEnumerable<Boundary> boundaries, double step, IReadOnlyCollection<double> grid)
    {
        if (!(step > 0)) throw new ArgumentOutOfRangeException(nameof(step), step, "a refinement step must be positive");
        var values = new Dictionary<(int, int, double), double[]>();
        foreach (var line in boundaries.Where(b => b.Between is "eumentia|dementia" or "dementia|eumentia").GroupBy(b => (b.Width, b.Depth, b.PTrain)))
        {
            var added = new SortedSet<double>();
            foreach (var b in line)
            {
                double lo = b.PEval - b.HalfWidth, hi = b.PEval + b.HalfWidth;
                for (int k = 1; lo + k * step < hi - 1e-9; k++)
                {
                    double p = Math.Round(lo + k * step, 9);
                    if (!grid.Any(g => Math.Abs(g - p) < 1e-9)) added.Add(p);
                }
            }
            if (added.Count > 0) values[line.Key] = [.. added];
        }
        return values;
    }
}
