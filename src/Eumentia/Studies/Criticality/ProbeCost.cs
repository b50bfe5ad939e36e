namespace Eumentia.Studies.Criticality;

/// <summary>
/// The work of a "criticality-probe" run (<see cref="Sweeps.RunCostModel"/>), per weight draw and layer, in
/// product-equivalents: the layer's products (2 per multiply-add: 2·pairs·sites rows of a channels × fan-in filter;
/// for the pre-activation sampler the 3 Gram dot products of each pair and site, and the 2 × 2 factor applied to
/// every unit), plus the normals it draws (every filter entry and bias, or 3 per site and channel) and its units
/// (activation, ρ, im2col) weighted by what each costs against a product. A probe is not arithmetic-bound: a normal
/// and a unit each cost about 380 products' time, so a local-filter probe (3 normals per unit) is mostly normals
/// and a shared 2-D CNN mostly GEMM products. Dropout's uniforms are weighted as units (not measured apart).
/// </summary>
public static class ProbeCost
{
    /// <summary>
    /// Products per core-second, fixed seconds per run and the weights of a normal and a unit: the least-squares fit
    /// t = a + (products + w_n·normals + w_u·units) / rate of `Eumentia.Bench cost --kinds criticality-probe --scale 10`
    /// over twelve probes (MLP width 64–256; 1-D shared CNN 32–128 sites; 2-D shared CNN 8²–32² sites; 1-D local
    /// filters through the pre-activation sampler, 64–256 sites; 8 channels; one thread, CPU time on shared cores,
    /// 2026-12-07), with a held at the 0.005 s the smallest probes take in all: 0.028 ns per product, 10.5 ns per
    /// normal, 10.7 ns per unit; every probe within 0.84–2.2 of it (docs/performance.md, "What a study costs").
    /// </summary>
    public const double Rate = 3.6e10;

    /// <summary>See <see cref="Rate"/>.</summary>
    public const double SecondsPerRun = 0.005;

    /// <summary>A normal draw in product-equivalents (see <see cref="Rate"/>).</summary>
    public const double NormalWeight = 380;

    /// <summary>A unit's activation, ρ and im2col in product-equivalents (see <see cref="Rate"/>).</summary>
    public const double UnitWeight = 380;

    public static double Operations(ProbeConfig c)
    {
        var t = Terms(c);
        return t.Products + NormalWeight * t.Normals + UnitWeight * t.Units;
    }

    /// <summary>
    /// The probe's products, normal draws and units (activations, ρ, im2col, dropout's uniforms) over all its draws
    /// and layers, before weighting: how its time splits between GEMM, the sampler and the elementwise work.
    /// </summary>
    public static (double Products, double Normals, double Units) Terms(ProbeConfig c)
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
        double layers = (double)c.Draws * c.Depth;
        return (layers * products, layers * normals, layers * (units + uniforms));
    }
}
