namespace Eumentia.Studies.Lottery;

/// <summary>
/// How localised a hidden unit's incoming weights w (one row of the first layer) are.
///
/// IPR = Σ w⁴ / (Σ w²)², the inverse participation ratio. Convention throughout Eumentia: LARGE IPR = LOCALISED
/// (1 when a single input carries all the weight, 1/n when n inputs share it equally, about 3/n for n Gaussian
/// weights). IPR sees how concentrated the weight is, not where: pruning alone raises it, and so does any spread
/// of magnitudes among the survivors, so it is compared between methods and data sets at matched sparsity.
///
/// Distance ratio = Σ_{i≠j} p_i p_j d_ij² / ((1 − Σ p_i²) · D̄²) with p = w² / Σ w², d the (periodic) grid distance
/// and D̄² the mean squared distance between two distinct sites of the grid. It is the w²-weighted mean squared
/// distance between a unit's inputs divided by its expectation if the same weights sat at random sites, so it is
/// 1 for no spatial structure whatever the fan-in or the magnitudes, and SMALL = SPATIALLY LOCAL (a receptive field
/// of neighbours). It is what separates a local receptive field from a few scattered survivors.
///
/// Normalised IPR = IPR · (k + 2) / 3 for a unit with k non-zero weights: the IPR over its expectation for k i.i.d.
/// Gaussian weights on the same support (E[Σu⁴] = 3/(k + 2) for a direction u uniform on the k-sphere). It is 1 for
/// random weights whatever k, so pruning alone does not raise it; above 1 = more concentrated than random on the
/// survivors, below 1 = flatter (magnitude pruning keeps the largest, most uniform weights and lowers it).
///
/// Window excess = (M − M₀) / (1 − M₀), where M = Σ_{i: d(i, peak) ≤ r} p_i is the share of w² within radius r of the
/// unit's largest weight and M₀ = p_max + (m̄ − 1)(1 − p_max)/(n − 1) is its expectation when the same n weights are
/// put at uniformly random sites (the largest lands somewhere; each of the m̄ − 1 other sites of its window, m̄ the
/// mean window size of the grid, holds a random one of the other n − 1 weights). It is 0 on average for no spatial
/// structure, 1 when all weight lies within the window, and does not rise under pruning alone: a pruned unit's zeros
/// are shuffled with its survivors. Unlike the distance ratio, a single far outlier does not dominate it.
///
/// Neighbour correlation = Σ_⟨ij⟩ w_i w_j / (D · Σ w_i²) over the nearest-neighbour pairs of the grid along each of
/// its D axes: +1 for a smooth (low-pass) field, −1 for a sign-alternating (high-pass) one, 0 for scattered weights
/// or white noise. It tells HOW a unit is local: a blob of like-signed neighbours, or pairs of opposite sign that
/// difference neighbouring inputs (what telling correlation lengths apart rewards, whatever the input statistics).
/// </summary>
public static class Locality
{
    /// <summary>The IPR of <paramref name="w"/>; NaN when every weight is zero (a dead unit).</summary>
    public static double Ipr(ReadOnlySpan<float> w)
    {
        double s2 = 0, s4 = 0;
        foreach (var v in w)
        {
            double q = (double)v * v;
            s2 += q;
            s4 += q * q;
        }
        return s2 > 0 ? s4 / (s2 * s2) : double.NaN;
    }

    /// <summary>The IPR of <paramref name="w"/> over that of random Gaussian weights on its support; NaN for a dead unit.</summary>
    public static double NormalisedIpr(ReadOnlySpan<float> w)
    {
        int k = 0;
        foreach (var v in w) if (v != 0) k++;
        return k > 0 ? Ipr(w) * (k + 2) / 3 : double.NaN;
    }

    /// <summary>The distance ratio of <paramref name="w"/>; NaN for a dead unit or one whose weight sits on a single input.</summary>
    public static double DistanceRatio(ReadOnlySpan<float> w, InputGrid grid, double meanPairDistanceSquared)
    {
        if (w.Length != grid.Features) throw new ArgumentException($"{w.Length} weights for a grid of {grid.Features} inputs");
        double total = 0;
        foreach (var v in w) total += (double)v * v;
        if (total <= 0) return double.NaN;
        var sites = new List<(int X, int Y, double P)>();
        double sumP2 = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] == 0) continue;
            double p = (double)w[i] * w[i] / total;
            sites.Add((i % grid.Width, i / grid.Width, p));
            sumP2 += p * p;
        }
        double denominator = (1 - sumP2) * meanPairDistanceSquared;
        if (denominator <= 1e-12 * meanPairDistanceSquared) return double.NaN;
        double sum = 0;
        for (int a = 0; a < sites.Count; a++)
            for (int b = a + 1; b < sites.Count; b++)
                sum += 2 * sites[a].P * sites[b].P * grid.DistanceSquared(sites[a].X, sites[a].Y, sites[b].X, sites[b].Y);
        return sum / denominator;
    }

    /// <summary>The window excess of <paramref name="w"/> for windows of <paramref name="radius"/>; NaN for a dead unit or one whose weight sits on a single input.</summary>
    /// <param name="meanWindowSites">m̄ = <see cref="InputGrid.MeanWindowSites"/>(<paramref name="radius"/>).</param>
    public static double WindowExcess(ReadOnlySpan<float> w, InputGrid grid, double radius, double meanWindowSites)
    {
        if (w.Length != grid.Features) throw new ArgumentException($"{w.Length} weights for a grid of {grid.Features} inputs");
        double total = 0, largest = -1;
        int peak = -1;
        for (int i = 0; i < w.Length; i++)
        {
            double q = (double)w[i] * w[i];
            total += q;
            if (q > largest) (largest, peak) = (q, i);
        }
        if (total <= 0 || w.Length < 2) return double.NaN;
        double pMax = largest / total;
        double expected = pMax + (meanWindowSites - 1) * (1 - pMax) / (w.Length - 1);
        if (1 - expected <= 1e-12) return double.NaN;
        double mass = 0, r2 = radius * radius;
        int px = peak % grid.Width, py = peak / grid.Width;
        for (int i = 0; i < w.Length; i++)
            if (w[i] != 0 && grid.DistanceSquared(px, py, i % grid.Width, i / grid.Width) <= r2) mass += (double)w[i] * w[i];
        return (mass / total - expected) / (1 - expected);
    }

    /// <summary>The neighbour correlation of <paramref name="w"/> on <paramref name="grid"/>; NaN for a dead unit.</summary>
    public static double NeighbourCorrelation(ReadOnlySpan<float> w, InputGrid grid)
    {
        if (w.Length != grid.Features) throw new ArgumentException($"{w.Length} weights for a grid of {grid.Features} inputs");
        double total = 0;
        foreach (var v in w) total += (double)v * v;
        if (total <= 0) return double.NaN;
        // An axis of one site has no neighbours; an axis of two would count its one pair twice with wrap-around.
        bool wrapX = grid.Periodic && grid.Width > 2, wrapY = grid.Periodic && grid.Height > 2;
        int axes = (grid.Width > 1 ? 1 : 0) + (grid.Height > 1 ? 1 : 0);
        if (axes == 0) return double.NaN;
        double sum = 0;
        for (int y = 0; y < grid.Height; y++)
            for (int x = 0; x < grid.Width; x++)
            {
                double here = w[y * grid.Width + x];
                if (here == 0) continue;
                if (x + 1 < grid.Width || wrapX) sum += here * w[y * grid.Width + (x + 1) % grid.Width];
                if (y + 1 < grid.Height || wrapY) sum += here * w[(y + 1) % grid.Height * grid.Width + x];
            }
        return sum / (axes * total);
    }
}
