using System.Globalization;
using Eumentia.Reports;
using Eumentia.Theory;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// The dropout-aware critical line as a figure: per keep probability, the exact mean-field ξ_c and ρ* across σ_w (lines),
/// the simulated MLPs' ξ and ρ* (points with bootstrap errors), the peak of each ξ_c curve and the k = 1 line σ_w,c.
/// </summary>
public static class DropoutFigure
{
    public static FigureFile Build(Activation activation, double sigmaB, int order, IReadOnlyList<DropoutCriticalPoint> points, IReadOnlyList<DropoutRelaxation> measured)
    {
        double centre = points[0].SigmaWNoDropout;
        double low = Math.Min(points.Min(p => p.SigmaWPeak), centre) * 0.9, high = Math.Max(points.Max(p => p.SigmaWPeak), centre) * 1.1;
        var grid = Enumerable.Range(0, 61).Select(i => low + (high - low) * i / 60).ToArray();
        var depth = new Plot { Title = "correlation depth scale", XLabel = "σ_{w}", YLabel = "ξ_{c}", YScale = AxisScale.Log, Legend = LegendPosition.Auto };
        var plateau = new Plot { Title = "plateau of ρ_{l}", XLabel = "σ_{w}", YLabel = "ρ* = 1 − c*", Legend = LegendPosition.Auto };
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            string colour = Palette.Category(i), label = string.Create(CultureInfo.InvariantCulture, $"k = {p.Keep:G4}");
            var fields = grid.Select(w => new MeanField(activation, w, sigmaB, p.Keep, order)).ToArray();
            depth.Line(grid, fields.Select(f => f.CorrelationDepthScale).ToArray(), label, colour);
            plateau.Line(grid, fields.Select(f => f.RhoFixedPoint).ToArray(), label, colour);
            depth.VerticalLine(p.SigmaWPeak, null, colour, "2 3");
            var mine = measured.Where(m => m.Keep == p.Keep && double.IsFinite(m.DepthScale.Value)).ToArray();
            if (mine.Length > 0)
            {
                depth.Points(mine.Select(m => m.SigmaW).ToArray(), mine.Select(m => m.DepthScale.Value).ToArray(),
                    mine.Select(m => double.IsFinite(m.DepthScale.Error) ? m.DepthScale.Error : 0).ToArray(), null, colour);
                plateau.Points(mine.Select(m => m.SigmaW).ToArray(), mine.Select(m => m.Plateau.Value).ToArray(),
                    mine.Select(m => double.IsFinite(m.Plateau.Error) ? m.Plateau.Error : 0).ToArray(), null, colour);
            }
        }
        depth.VerticalLine(centre, "σ_{w,c} without dropout", "#555555");
        plateau.VerticalLine(centre, "σ_{w,c} without dropout", "#555555");
        var figure = new Figure(2) { Title = string.Create(CultureInfo.InvariantCulture, $"Dropout-aware edge of chaos ({activation.Name}, σ_b = {sigmaB})") };
        figure.Add(depth);
        figure.Add(plateau);
        return figure.File("dropout");
    }
}
