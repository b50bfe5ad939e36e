using System.Globalization;
using Eumentia.Analysis.Statistics;

namespace Eumentia.Reports;

public enum AxisScale { Linear, Log }

/// <summary>A tick: its value, its label (empty for minor ticks) and whether it is major.</summary>
public readonly record struct Tick(double Value, string Label, bool Major);

/// <summary>
/// One axis: its scale and range (from the data, padded, unless set), the map from values to pixels, and
/// ticks. Linear axes get 1-2-5 steps aiming at about six labelled ticks, labels with just enough decimals
/// (scientific notation beyond 10^5 or below 10^-3). Log axes get a labelled tick at every decade (every
/// second or third when there are many) with 2..9 minor ticks between, or 1-2-5 ticks within a single decade.
/// </summary>
public sealed class Axis
{
    public AxisScale Scale { get; }
    public double Min { get; }
    public double Max { get; }

    public Axis(AxisScale scale, double min, double max)
    {
        Scale = scale;
        Min = min;
        Max = max;
    }

    /// <summary>An axis that shows all <paramref name="values"/> with a margin (a fraction of the range; of the log range on log axes).</summary>
    public static Axis Fit(AxisScale scale, IEnumerable<double> values, double? min = null, double? max = null, double margin = 0.04)
    {
        var v = values.Where(x => double.IsFinite(x) && (scale == AxisScale.Linear || x > 0)).ToArray();
        double lo, hi;
        if (scale == AxisScale.Log)
        {
            double a = v.Length > 0 ? Math.Log10(v.Min()) : 0, b = v.Length > 0 ? Math.Log10(v.Max()) : 1;
            if (b - a < 1e-9) { a -= 0.5; b += 0.5; }
            double pad = margin * (b - a);
            lo = Math.Pow(10, a - pad); hi = Math.Pow(10, b + pad);
        }
        else
        {
            double a = v.Length > 0 ? v.Min() : 0, b = v.Length > 0 ? v.Max() : 1;
            if (b - a < 1e-12 * Math.Max(1, Math.Abs(a))) { double d = a == 0 ? 1 : 0.1 * Math.Abs(a); a -= d; b += d; }
            double pad = margin * (b - a);
            lo = a - pad; hi = b + pad;
        }
        return new Axis(scale, min ?? lo, max ?? hi);
    }

    double T(double v) => Scale == AxisScale.Log ? Math.Log10(v) : v;

    /// <summary>Pixel position of <paramref name="v"/> between pixel <paramref name="p0"/> (at Min) and <paramref name="p1"/> (at Max).</summary>
    public double Map(double v, double p0, double p1)
    {
        if (Scale == AxisScale.Log && !(v > 0)) return double.NaN;
        return p0 + (T(v) - T(Min)) / (T(Max) - T(Min)) * (p1 - p0);
    }

    public IReadOnlyList<Tick> Ticks()
    {
        if (Scale == AxisScale.Log)
        {
            double a = Math.Log10(Min), b = Math.Log10(Max);
            int first = (int)Math.Ceiling(a - 1e-9), last = (int)Math.Floor(b + 1e-9);
            if (b - a < 2.6)
            {
                // Short log axis: label 1, 2, 5 (and 3 within a single decade) times powers of ten, minor ticks at the rest.
                int[] labelled = b - a < 1.2 ? [1, 2, 3, 5] : [1, 2, 5];
                var ticks = new List<Tick>();
                for (int k = (int)Math.Floor(a) ; k <= (int)Math.Ceiling(b); k++)
                    for (int m = 1; m <= 9; m++)
                    {
                        double v = m * Math.Pow(10, k);
                        if (v < Min * (1 - 1e-9) || v > Max * (1 + 1e-9)) continue;
                        bool major = labelled.Contains(m);
                        string label = !major ? "" : Math.Abs(k) < 4 ? NumberText.Short(v) : m == 1 ? DecadeLabel(k) : $"{m}×{DecadeLabel(k)}";
                        ticks.Add(new Tick(v, label, major));
                    }
                if (ticks.Count(t => t.Major) >= 2) return ticks;
                return LinearTicks(Min, Max, 5);
            }
            if (last - first >= 1)
            {
                int decades = last - first + 1;
                int every = decades <= 7 ? 1 : decades <= 14 ? 2 : (int)Math.Ceiling(decades / 7.0);
                var ticks = new List<Tick>();
                for (int k = first - 1; k <= last; k++)
                {
                    double d = Math.Pow(10, k);
                    if (k >= first && ((k % every) + every) % every == 0) ticks.Add(new Tick(d, DecadeLabel(k), true));
                    else if (k >= first) ticks.Add(new Tick(d, "", false));
                    if (every == 1)
                        for (int m = 2; m <= 9; m++)
                            if (m * d >= Min && m * d <= Max) ticks.Add(new Tick(m * d, "", false));
                }
                return ticks.Where(t => t.Value >= Min * (1 - 1e-9) && t.Value <= Max * (1 + 1e-9)).ToArray();
            }
            // Less than a decade: 1-2-5 ticks on the values themselves.
            return LinearTicks(Min, Max, 5);
        }
        return LinearTicks(Min, Max, 6);
    }

    static string DecadeLabel(int k) => k switch { 0 => "1", 1 => "10", _ => $"10^{{{(k < 0 ? "−" : "")}{Math.Abs(k)}}}" };

    static IReadOnlyList<Tick> LinearTicks(double min, double max, int target)
    {
        double step = NiceStep((max - min) / target);
        double start = Math.Ceiling(min / step - 1e-9) * step;
        int decimals = Math.Max(0, -(int)Math.Floor(Math.Log10(step) + 1e-9));
        double largest = Math.Max(Math.Abs(min), Math.Abs(max));
        bool scientific = largest >= 1e5 || largest < 1e-3;
        // Scientific labels share one exponent (that of the largest value), so they read as one scale.
        int exponent = (int)Math.Floor(Math.Log10(largest));
        int sciDecimals = Math.Max(0, (int)Math.Ceiling(-Math.Log10(step / Math.Pow(10, exponent)) - 1e-9));
        var ticks = new List<Tick>();
        for (int k = 0; ; k++)
        {
            double v = start + k * step;
            if (v > max + 1e-9 * step) break;
            if (Math.Abs(v) < 1e-9 * step) v = 0;
            string label = !scientific ? Format(v, decimals)
                : v == 0 ? "0" : $"{Format(v / Math.Pow(10, exponent), Math.Min(sciDecimals, 3))}×10^{{{(exponent < 0 ? "−" : "")}{Math.Abs(exponent)}}}";
            ticks.Add(new Tick(v, label, true));
            if (k > 100) break;
        }
        return ticks;
    }

    /// <summary>1, 2 or 5 times a power of ten, the smallest such step at least <paramref name="raw"/>.</summary>
    public static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    static string Format(double v, int decimals) => v.ToString("F" + decimals, CultureInfo.InvariantCulture).Replace("-", "−");
}
