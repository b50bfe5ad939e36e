using System.Globalization;

namespace Eumentia.Reports;

/// <summary>
/// Colours: viridis for continuous values (perceptually uniform, readable in grey and by colour-blind
/// readers), and the Okabe-Ito set for categories.
/// </summary>
public static class Palette
{
    // viridis (van der Walt and Smith, CC0), sampled at 33 evenly spaced points; linear interpolation between
    // them stays within 2/255 of the full 256-entry table.
    static readonly int[] ViridisAnchors =
    [
        0x440154, 0x470D60, 0x48186A, 0x482374, 0x472D7B, 0x453781, 0x424086, 0x3E4989, 0x3B528B, 0x375B8D, 0x33638D,
        0x2F6B8E, 0x2C728E, 0x297A8E, 0x26828E, 0x23898E, 0x21918C, 0x1F978B, 0x1F9F88, 0x21A685, 0x27AD81, 0x31B57B,
        0x3DBC74, 0x4CC26C, 0x5CC863, 0x6ECE58, 0x81D34D, 0x95D840, 0xAADC32, 0xC0DF25, 0xD5E21A, 0xEAE51A, 0xFDE725,
    ];

    /// <summary>
    /// Okabe-Ito colours (blue, orange, bluish green, vermillion, reddish purple, sky blue, black), with Tol's wine in
    /// place of Okabe-Ito's yellow, which a thin line or small marker on white does not show.
    /// </summary>
    public static readonly string[] Categorical = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#882255", "#000000"];

    /// <summary>viridis at t in [0, 1] as "#rrggbb".</summary>
    public static string Viridis(double t)
    {
        if (double.IsNaN(t)) return "#d9d9d9";
        t = Math.Clamp(t, 0, 1) * (ViridisAnchors.Length - 1);
        int i = Math.Min((int)t, ViridisAnchors.Length - 2);
        double f = t - i;
        int a = ViridisAnchors[i], b = ViridisAnchors[i + 1];
        int Channel(int shift) => (int)Math.Round(((a >> shift) & 0xFF) * (1 - f) + ((b >> shift) & 0xFF) * f);
        return $"#{Channel(16):x2}{Channel(8):x2}{Channel(0):x2}";
    }

    /// <summary>The viridis anchors as colour strings, for gradients.</summary>
    public static IReadOnlyList<string> ViridisStops() => ViridisAnchors.Select(c => "#" + c.ToString("x6", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Colour i of n ordered series (sizes, say): viridis without its palest yellow, which vanishes on white.</summary>
    public static string Sequential(int i, int n) => Viridis(n <= 1 ? 0 : 0.88 * i / (n - 1));

    public static string Category(int i) => Categorical[((i % Categorical.Length) + Categorical.Length) % Categorical.Length];
}
