using Eumentia.Sweeps.Slurm;
using System.Globalization;

namespace Eumentia.Sweeps.Workers;

/// <summary>Durations on the command line: "90" or "90s", "5m", "1.5h", "2d", or Slurm's HH:MM:SS forms.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text, string option)
    {
        string t = text.Trim().ToLowerInvariant();
        if (t.StartsWith('-')) throw new UsageException($"{option} '{text}': expected a positive duration such as 90s, 5m, 1.5h or HH:MM:SS");
        if (t.Contains(':') || t.Contains('-')) return SlurmScript.ParseTime(t, option);
        double scale = t.Length > 0 ? t[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 } : 0;
        string number = scale == 0 ? t : t[..^1];
        if (scale == 0) scale = 1;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value > 0) || !(value * scale < TimeSpan.MaxValue.TotalSeconds / 2))
            throw new UsageException($"{option} '{text}': expected a positive duration such as 90s, 5m, 1.5h or HH:MM:SS");
        return TimeSpan.FromSeconds(value * scale);
    }
}
