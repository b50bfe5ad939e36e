using Eumentia.IO;

namespace Eumentia.Analysis.Collapse;

/// <summary>
/// Data ready for a collapse: one point per (size, control) cell, the mean over replicates with its
/// standard error, and the curve each point belongs to. Errors come from replicate seeds, from an error
/// column, or (only when there are neither) are assumed to be 1 % of |y|, in which case S compares
/// collapses of the same data but is not a chi^2 per degree of freedom (<see cref="ErrorSource"/> says so).
/// </summary>
public sealed class CollapseData
{
    public double[] Size { get; }
    public double[] Control { get; }
    public double[] Y { get; }
    public double[] Dy { get; }
    public int[] Replicates { get; }
    /// <summary>Curve index of each point; curves are numbered in increasing order of their label.</summary>
    public int[] Curve { get; }
    /// <summary>The label (a size or a control value) of each curve.</summary>
    public double[] CurveLabels { get; }
    public CurveAxis Axis { get; }
    /// <summary>"seeds", "errors", "pooled seeds" or "assumed 1% of |y|".</summary>
    public string ErrorSource { get; }

    public int Count => Y.Length;

    CollapseData(double[] size, double[] control, double[] y, double[] dy, int[] replicates, CurveAxis axis, string errorSource)
    {
        Size = size; Control = control; Y = y; Dy = dy; Replicates = replicates; Axis = axis; ErrorSource = errorSource;
        var labels = axis == CurveAxis.Size ? size : control;
        CurveLabels = labels.Distinct().Order().ToArray();
        Curve = labels.Select(l => Array.BinarySearch(CurveLabels, l)).ToArray();
    }

    /// <summary>Aggregates observations into cells; checks what every collapse needs (two curves, positive sizes).</summary>
    public static CollapseData From(ObservationSet data, CurveAxis axis)
    {
        foreach (var o in data.Observations)
            if (!(o.Size > 0))
                throw new UsageException($"{data.Source}: line {o.Line}: size is {CsvTable.Format(o.Size)}; sizes must be positive");
        var cells = data.Observations.GroupBy(o => (o.Size, o.Control)).OrderBy(g => g.Key.Size).ThenBy(g => g.Key.Control).ToArray();
        int n = cells.Length;
        var size = new double[n];
        var control = new double[n];
        var y = new double[n];
        var dy = new double[n];
        var count = new int[n];
        bool errorsOnly = data.HasErrors && !data.HasSeeds;
        var relativeErrors = new List<double>();
        for (int i = 0; i < n; i++)
        {
            var g = cells[i].ToArray();
            (size[i], control[i]) = cells[i].Key;
            count[i] = g.Length;
            if (errorsOnly)
            {
                double sw = g.Sum(o => 1 / (o.Error * o.Error));
                y[i] = g.Sum(o => o.Value / (o.Error * o.Error)) / sw;
                dy[i] = 1 / Math.Sqrt(sw);
            }
            else if (g.Length >= 2)
            {
                double mean = g.Average(o => o.Value);
                double sd = Math.Sqrt(g.Sum(o => (o.Value - mean) * (o.Value - mean)) / (g.Length - 1));
                y[i] = mean;
                dy[i] = sd / Math.Sqrt(g.Length);
                if (mean != 0) relativeErrors.Add(dy[i] / Math.Abs(mean) * Math.Sqrt(g.Length));
            }
            else
            {
                y[i] = g[0].Value;
                dy[i] = data.HasErrors ? g[0].Error : double.NaN;
            }
        }
        string source = errorsOnly ? "errors" : relativeErrors.Count > 0 ? "seeds" : data.HasErrors ? "errors" : "assumed 1% of |y|";
        double relative = relativeErrors.Count > 0 ? relativeErrors.Order().ElementAt(relativeErrors.Count / 2) : 0.01;
        double floor = y.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(1).Max() * 1e-9;
        bool pooled = false;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(dy[i])) { dy[i] = relative * Math.Abs(y[i]) / Math.Sqrt(count[i]); pooled |= relativeErrors.Count > 0; }
            dy[i] = Math.Max(dy[i], floor); // identical replicates must not get infinite weight
        }
        if (pooled) source = "pooled seeds";
        var result = new CollapseData(size, control, y, dy, count, axis, source);
        if (result.CurveLabels.Length < 2)
        {
            string what = axis == CurveAxis.Size ? "size" : "control value";
            throw new UsageException($"{data.Source}: only one {what} ({CsvTable.Format(result.CurveLabels[0])}) in the data; a collapse superposes curves of at least two");
        }
        return result;
    }

    /// <summary>The cells inside a window of the control parameter and from a smallest size on.</summary>
    public CollapseData Select(double controlMin, double controlMax, double minSize)
    {
        var keep = Enumerable.Range(0, Count).Where(i => Control[i] >= controlMin && Control[i] <= controlMax && Size[i] >= minSize).ToArray();
        return new CollapseData(keep.Select(i => Size[i]).ToArray(), keep.Select(i => Control[i]).ToArray(), keep.Select(i => Y[i]).ToArray(),
            keep.Select(i => Dy[i]).ToArray(), keep.Select(i => Replicates[i]).ToArray(), Axis, ErrorSource);
    }
}
