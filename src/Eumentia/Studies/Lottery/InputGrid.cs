namespace Eumentia.Studies.Lottery;

/// <summary>
/// Where each input feature sits in space, for receptive-field maps and spatial spread: feature i is at
/// (i mod Width, i / Width). Periodic grids (the NLGP's torus) measure distances with wrap-around.
/// </summary>
public sealed record InputGrid(int Width, int Height, bool Periodic)
{
    public int Features => Width * Height;

    /// <summary>Squared distance between two sites, with wrap-around on a periodic grid.</summary>
    public double DistanceSquared(int x1, int y1, int x2, int y2)
    {
        int dx = Math.Abs(x1 - x2), dy = Math.Abs(y1 - y2);
        if (Periodic) { dx = Math.Min(dx, Width - dx); dy = Math.Min(dy, Height - dy); }
        return (double)dx * dx + (double)dy * dy;
    }

    /// <summary>The mean squared distance between two distinct sites (the random-placement reference of the distance ratio).</summary>
    public double MeanPairDistanceSquared()
    {
        // Separable: Σ over ordered pairs of dx² + dy² = H²·Σ_x-pairs dx² + W²·Σ_y-pairs dy².
        double AxisSum(int size)
        {
            double s = 0;
            for (int a = 0; a < size; a++)
                for (int b = 0; b < size; b++)
                {
                    int d = Math.Abs(a - b);
                    if (Periodic) d = Math.Min(d, size - d);
                    s += (double)d * d;
                }
            return s;
        }
        long n = Features;
        return n < 2 ? double.NaN : ((double)Height * Height * AxisSum(Width) + (double)Width * Width * AxisSum(Height)) / (n * (n - 1.0));
    }

    /// <summary>The number of sites within <paramref name="radius"/> of a site (itself included), averaged over the sites: the window size of <see cref="Locality.WindowExcess"/>.</summary>
    public double MeanWindowSites(double radius)
    {
        double r2 = radius * radius;
        long inside = 0;
        for (int a = 0; a < Features; a++)
            for (int b = 0; b < Features; b++)
                if (DistanceSquared(a % Width, a / Width, b % Width, b / Width) <= r2) inside++;
        return (double)inside / Features;
    }

    /// <summary>A square image when the feature count is a perfect square (MNIST: 28×28), else a line.</summary>
    public static InputGrid Infer(int features)
    {
        int side = (int)Math.Round(Math.Sqrt(features));
        return side * side == features ? new InputGrid(side, side, false) : new InputGrid(features, 1, false);
    }
}
