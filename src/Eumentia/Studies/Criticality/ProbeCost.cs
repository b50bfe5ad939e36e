namespace Eumentia.Studies.Criticality;

/// <summary>
/// The work of a "criticality-probe" run (<see cref="Sweeps.RunCostModel"/>), per weight draw and layer: the
/// layer's products (2 per multiply-add: 2·pairs·sites rows of a channels × fan-in filter; for the pre-activation
/// sampler the 3 Gram dot products of each pair and site, and the 2 × 2 factor applied to every unit), the
/// normals it draws (every filter entry and bias, or 3 per site and channel), the uniforms of dropout and the
/// activations, each of the last three counted as 1. The measured rate turns these operations into time.
/// </summary>
public static class ProbeCost
{
    /// <summary>
    /// Operations per core-second and fixed seconds per run, the least-squares fit of `Eumentia.Bench cost` over nine
    /// probes (MLP width 64–256, 1-D and 2-D CNNs of 8 channels, one thread, CPU time on shared cores). A rough model:
    /// single probes deviate from it by factors 0.2–5 (docs/performance.md, "What a study costs").
    /// </summary>
    public const double Rate = 2.9e9;

    /// <summary>See <see cref="Rate"/>.</summary>
    public const double SecondsPerRun = 0.043;

    public static double Operations(ProbeConfig c)
    {
        double sites = c.Sites, channels = c.Width, fanIn = (double)c.Taps * c.Width, rows = 2.0 * c.Pairs * sites;
        double units = rows * channels;
        double products, normals;
        if (c.SamplesPreActivations)
        {
            products = 2 * (c.Pairs * sites * 3 * fanIn + units * 2);
            normals = sites * 3 * channels;
        }
        else
        {
            double filters = c.LocalFilters ? sites : 1;
            products = 2 * units * fanIn;
            normals = filters * channels * (fanIn + 1);
        }
        double uniforms = c.Keep < 1 ? units : 0;
        return (double)c.Draws * c.Depth * (products + normals + uniforms + units);
    }
}
