namespace Eumentia.Studies.Criticality;

/// <summary>ρ_l curves of one system size L (MLP width, CNN linear size) at the critical point.</summary>
public sealed record CollapseCurve(double Size, IReadOnlyList<double[]> PerDraw);

/// <summary>
/// A finite-size collapse y = ρ L^a against x = l / L^b: the exponents that collapse best (with bootstrap
/// errors over the draws) and the collapse quality there and at the exponents a theory predicts.
/// </summary>
public sealed record CollapseResult(Estimate A, Estimate B, double Quality, double PredictedA, double PredictedB, double QualityAtPredicted);

/// <summary>
/// Finite-size-scaling collapse of depth curves, ρ(l; L) = L^{−a} f(l / L^b). Quality is the mean squared
/// distance, in units of the combined standard error, between each curve's points and the other curves
/// linearly interpolated in (ln x, ln y) at the same x — the Houdayer–Hartmann idea, ≈ 1 for a collapse
/// within the errors. Points are log-spaced layers from <c>fromLayer</c> on.
/// </summary>
public static class ScalingCollapse
{
    /// <summary>A relative error floor (1 %) so that noiseless theory curves still give a finite quality.</summary>
    const double ErrorFloor = 0.01;

    sealed record Points(double LogSize, double[] LogLayer, double[] LogRho, double[] Sigma);

    public static CollapseResult Fit(IReadOnlyList<CollapseCurve> curves, int fromLayer, double predictedA, double predictedB,
        int replicates = 50, ulong seed = 0)
    {
        if (curves.Count < 2) throw new ArgumentException("a collapse needs at least two sizes");
        var errors = curves.Select(c => StandardErrors(c.PerDraw)).ToArray();
        var sizes = curves.Select(c => c.Size).ToArray();
        Points[] PrepareAll(double[][] means) => means.Select((m, i) => Prepare(sizes[i], m, errors[i], fromLayer)).ToArray();

        var sets = curves.Select(c => c.PerDraw).ToArray();
        var estimates = DrawBootstrap.Estimates(sets, means =>
        {
            var (a, b, _) = Minimise(PrepareAll(means), predictedA, predictedB);
            return [a, b];
        }, 2, replicates, seed);
        var points = PrepareAll(sets.Select(s => DrawBootstrap.Mean(s)).ToArray());
        double quality = Quality(points, estimates[0].Value, estimates[1].Value);
        return new CollapseResult(estimates[0], estimates[1], quality, predictedA, predictedB, Quality(points, predictedA, predictedB));
    }

    /// <summary>The collapse quality of mean curves with their errors at exponents (a, b).</summary>
    public static double Quality(IReadOnlyList<(double Size, double[] Mean, double[] Error)> curves, int fromLayer, double a, double b) =>
        Quality(curves.Select(c => Prepare(c.Size, c.Mean, c.Error, fromLayer)).ToArray(), a, b);

    static double[] StandardErrors(IReadOnlyList<double[]> perDraw)
    {
        int layers = perDraw[0].Length, draws = perDraw.Count;
        var mean = DrawBootstrap.Mean(perDraw);
        var error = new double[layers];
        if (draws < 2) return error;
        for (int l = 0; l < layers; l++)
        {
            double squares = 0;
            foreach (var curve in perDraw) squares += (curve[l] - mean[l]) * (curve[l] - mean[l]);
            error[l] = Math.Sqrt(squares / (draws - 1) / draws);
        }
        return error;
    }

    static Points Prepare(double size, double[] mean, double[] error, int fromLayer)
    {
        var layers = CurveFits.LogSpacedLayers(fromLayer, mean.Length - 1).Where(l => mean[l] > 0).ToArray();
        return new Points(Math.Log(size), layers.Select(l => Math.Log(l)).ToArray(), layers.Select(l => Math.Log(mean[l])).ToArray(),
            layers.Select(l => Math.Sqrt(Math.Pow(error[l] / mean[l], 2) + ErrorFloor * ErrorFloor)).ToArray());
    }

    static double Quality(Points[] curves, double a, double b)
    {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < curves.Length; i++)
            for (int k = 0; k < curves.Length; k++)
            {
                if (i == k) continue;
                var p = curves[i];
                var q = curves[k];
                double shiftP = b * p.LogSize, shiftQ = b * q.LogSize;
                for (int j = 0; j < p.LogLayer.Length; j++)
                {
                    double x = p.LogLayer[j] - shiftP;
                    int m = Array.BinarySearch(q.LogLayer, x + shiftQ);
                    if (m < 0) m = ~m;
                    if (m == 0 || m >= q.LogLayer.Length) continue; // outside the other curve: no overlap
                    double x0 = q.LogLayer[m - 1] - shiftQ, x1 = q.LogLayer[m] - shiftQ, t = (x - x0) / (x1 - x0);
                    double y = q.LogRho[m - 1] + t * (q.LogRho[m] - q.LogRho[m - 1]) + a * q.LogSize;
                    double sigma = q.Sigma[m - 1] + t * (q.Sigma[m] - q.Sigma[m - 1]);
                    double d = p.LogRho[j] + a * p.LogSize - y;
                    sum += d * d / (p.Sigma[j] * p.Sigma[j] + sigma * sigma);
                    count++;
                }
            }
        return count == 0 ? double.PositiveInfinity : sum / count;
    }

    /// <summary>Grid search over a window around the prediction, then pattern search with halving steps.</summary>
    static (double A, double B, double Quality) Minimise(Points[] curves, double a0, double b0)
    {
        double bestA = a0, bestB = b0, best = Quality(curves, a0, b0);
        const double span = 1.5;
        for (int i = -15; i <= 15; i++)
            for (int j = -15; j <= 15; j++)
            {
                double a = a0 + span * i / 15, b = b0 + span * j / 15, q = Quality(curves, a, b);
                if (q < best) (best, bestA, bestB) = (q, a, b);
            }
        for (double step = span / 15; step > 1e-4; step /= 2)
        {
            bool moved = true;
            while (moved)
            {
                moved = false;
                foreach (var (da, db) in new[] { (step, 0.0), (-step, 0.0), (0.0, step), (0.0, -step) })
                {
                    double q = Quality(curves, bestA + da, bestB + db);
                    if (q < best) { (best, bestA, bestB) = (q, bestA + da, bestB + db); moved = true; }
                }
            }
        }
        return (bestA, bestB, best);
    }
}
