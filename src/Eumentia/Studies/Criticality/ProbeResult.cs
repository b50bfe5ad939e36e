namespace Eumentia.Studies.Criticality;

/// <summary>
/// ρ_l = 1 − c_l for l = 0..depth: per weight draw (averaged over its input pairs and positions), and the
/// mean over draws with its standard error.
/// </summary>
public sealed class ProbeResult
{
    public ProbeConfig Config { get; }
    /// <summary>PerDraw[d][l]: draw d's ρ at layer l.</summary>
    public IReadOnlyList<double[]> PerDraw { get; }
    public double[] Mean { get; }
    public double[] StdErr { get; }

    public ProbeResult(ProbeConfig config, IReadOnlyList<double[]> perDraw)
    {
        Config = config;
        PerDraw = perDraw;
        int layers = perDraw[0].Length, draws = perDraw.Count;
        Mean = new double[layers];
        StdErr = new double[layers];
        for (int l = 0; l < layers; l++)
        {
            double sum = 0;
            for (int d = 0; d < draws; d++) sum += perDraw[d][l];
            double mean = sum / draws, squares = 0;
            for (int d = 0; d < draws; d++) squares += (perDraw[d][l] - mean) * (perDraw[d][l] - mean);
            Mean[l] = mean;
            StdErr[l] = draws > 1 ? Math.Sqrt(squares / (draws - 1) / draws) : double.NaN;
        }
    }

    public int Depth => Mean.Length - 1;
}
