using Eumentia.Analysis.Statistics;
using Eumentia.Numerics.RandomNumbers;

namespace Eumentia.Analysis.Collapse;

/// <summary>How the bootstrap replicates of a collapse are drawn from data with replicate seeds.</summary>
public enum CollapseResampling
{
    /// <summary>Whole seeds drawn with replacement (<see cref="SeedBootstrap"/>): n seeds allow only
    /// C(2n-1, n) distinct replicates (126 for 5).</summary>
    Seeds,
    /// <summary>Each cell's n seed values redrawn from a normal distribution with the cell's mean and standard
    /// deviation; means and errors are re-estimated from the draws.</summary>
    CellsNormal,
    /// <summary>Each cell's values shifted by its standard error times a normal draw; errors kept.</summary>
    CellsShift,
    /// <summary>Each cell's values shifted by its standard error times a Student-t draw with n - 1 degrees of
    /// freedom; errors kept.</summary>
    CellsShiftT,
}

/// <summary>Parametric replicates of data with replicate seeds, one cell (size, control) at a time.</summary>
internal static class CellResample
{
    public static ObservationSet Draw(ObservationSet data, CollapseResampling how, ulong seed, int replicate)
    {
        ulong stream = RngStream.Of(RngStream.Analysis, SeedBootstrap.ResampleStream, replicate);
        ulong counter = 0;
        var rows = new List<Observation>(data.Observations.Count);
        foreach (var g in data.Observations.GroupBy(o => (o.Size, o.Control)).OrderBy(g => g.Key))
        {
            var members = g.ToArray();
            int n = members.Length;
            double mean = members.Average(o => o.Value);
            double sd = n > 1 ? Math.Sqrt(members.Sum(o => (o.Value - mean) * (o.Value - mean)) / (n - 1)) : 0;
            if (how == CollapseResampling.CellsNormal)
            {
                foreach (var o in members) rows.Add(o with { Value = mean + sd * Philox.Normal(seed, stream, counter++) });
                continue;
            }
            double z = Philox.Normal(seed, stream, counter++);
            if (how == CollapseResampling.CellsShiftT && n > 1)
            {
                double chi2 = 0;
                for (int k = 0; k < n - 1; k++) { double u = Philox.Normal(seed, stream, counter++); chi2 += u * u; }
                z /= Math.Sqrt(chi2 / (n - 1));
            }
            double shift = sd / Math.Sqrt(n) * z;
            foreach (var o in members) rows.Add(o with { Value = o.Value + shift });
        }
        return new ObservationSet(rows, data.SeedLabels, data.Source, data.Columns, data.Filters, data.Keys);
    }
}
