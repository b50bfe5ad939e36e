namespace Eumentia.Bench;

/// <summary>
/// The products one training step of the peer's MLPs runs, nn.Linear's convention (W stored out×in):
/// forward Y = X·Wᵀ (m = batch, n = out, k = in), input gradient dX = dY·W (batch, in, out; not for the
/// first layer, whose input needs no gradient), weight gradient dW = dYᵀ·X (out, in, batch).
/// </summary>
public static class MlpShapes
{
    /// <summary>H:depth:batch, the peer's four training configurations and the ensemble member.</summary>
    public static readonly string[] DefaultConfigs = ["256:2:128", "512:3:128", "100:2:32", "1024:2:256", "100:2:64"];

    public sealed record Product(string Name, bool TransA, bool TransB, int M, int N, int K)
    {
        public double Flops => 2.0 * M * N * K;
        public string Key => $"{Name} {M}x{N}x{K}";
    }

    public static IEnumerable<Product> ForConfig(string config)
    {
        var parts = config.Split(':');
        if (parts.Length != 3 || !int.TryParse(parts[0], out int h) || !int.TryParse(parts[1], out int depth) || !int.TryParse(parts[2], out int batch))
            throw new ArgumentException($"config '{config}' is not H:depth:batch");
        var widths = new List<int> { 784 };
        for (int i = 0; i < depth; i++) widths.Add(h);
        widths.Add(10);
        for (int l = 0; l + 1 < widths.Count; l++)
        {
            int fanIn = widths[l], fanOut = widths[l + 1];
            yield return new Product("fwd", false, true, batch, fanOut, fanIn);
            if (l > 0) yield return new Product("dx", false, false, batch, fanIn, fanOut);
            yield return new Product("dw", true, false, fanOut, fanIn, batch);
        }
    }
}
