namespace Eumentia.Data.Synthetic;

/// <summary>
/// A periodic lattice of side <see cref="Side"/> in 1 or 2 dimensions. Sites are numbered row-major
/// (site = y·L + x in 2-D), which is how images are flattened into feature vectors, so site i is feature i.
/// </summary>
public sealed record Torus
{
    public int Dimension { get; }
    public int Side { get; }
    public int Sites { get; }

    public Torus(int dimension, int side)
    {
        if (dimension is not (1 or 2)) throw new UsageException($"torus dimension = {dimension} must be 1 or 2");
        if (side < 2) throw new UsageException($"torus side L = {side} must be at least 2");
        if (dimension == 2 && side > 1024) throw new UsageException($"2-D torus side L = {side} is too large (at most 1024)");
        Dimension = dimension;
        Side = side;
        Sites = dimension == 1 ? side : side * side;
    }

    /// <summary>Lattice coordinates of <paramref name="site"/>: (x, 0) in 1-D, (x, y) in 2-D.</summary>
    public (int X, int Y) Coordinates(int site) => Dimension == 1 ? (site, 0) : (site % Side, site / Side);

    /// <summary>The periodic (minimum-image) distance along one axis: min(|a − b|, L − |a − b|).</summary>
    public int AxisDistance(int a, int b)
    {
        int d = Math.Abs(a - b) % Side;
        return Math.Min(d, Side - d);
    }

    /// <summary>The squared periodic distance between two sites.</summary>
    public int DistanceSquared(int i, int j)
    {
        var (xi, yi) = Coordinates(i);
        var (xj, yj) = Coordinates(j);
        int dx = AxisDistance(xi, xj), dy = AxisDistance(yi, yj);
        return dx * dx + dy * dy;
    }

    /// <summary>The site of the displacement r_j − r_i, each component taken modulo L.</summary>
    public int Displacement(int i, int j)
    {
        var (xi, yi) = Coordinates(i);
        var (xj, yj) = Coordinates(j);
        int dx = ((xj - xi) % Side + Side) % Side, dy = ((yj - yi) % Side + Side) % Side;
        return Dimension == 1 ? dx : dy * Side + dx;
    }

    /// <summary>The site reached from <paramref name="site"/> by the displacement of site <paramref name="shift"/>, modulo L.</summary>
    public int Translate(int site, int shift)
    {
        var (x, y) = Coordinates(site);
        var (dx, dy) = Coordinates(shift);
        return Dimension == 1 ? (x + dx) % Side : (y + dy) % Side * Side + (x + dx) % Side;
    }
}
