using System.Globalization;

namespace Eumentia.Bench;

/// <summary>
/// The harness's flags, in the peer scripts' spelling (--threads 1 2 --sizes 256 512 --reps 5 --min_time 0.3):
/// each flag takes the values up to the next flag. Unknown flags are an error, so a typo never silently runs
/// the defaults.
/// </summary>
public sealed class BenchArgs
{
    readonly Dictionary<string, List<string>> values = new();
    readonly HashSet<string> read = new();

    public BenchArgs(IEnumerable<string> args)
    {
        List<string>? current = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg[2..].Replace('-', '_');
                values[name] = current = new List<string>();
            }
            else if (current is null) throw new ArgumentException($"unexpected argument '{arg}' (flags start with --)");
            else current.Add(arg);
        }
    }

    public int[] Ints(string name, params int[] fallback) =>
        Get(name) is { Count: > 0 } v ? v.Select(s => Parse(name, s, int.Parse)).ToArray() : fallback;

    public int Int(string name, int fallback) => Get(name) is { Count: > 0 } v ? Parse(name, v[^1], int.Parse) : fallback;

    public double Double(string name, double fallback) =>
        Get(name) is { Count: > 0 } v ? Parse(name, v[^1], s => double.Parse(s, CultureInfo.InvariantCulture)) : fallback;

    public string[] Strings(string name, params string[] fallback) => Get(name) is { Count: > 0 } v ? v.ToArray() : fallback;

    public string String(string name, string fallback) => Get(name) is { Count: > 0 } v ? v[^1] : fallback;

    public bool Flag(string name) => Get(name) is not null;

    /// <summary>Throws if a flag was given that no workload asked for.</summary>
    public void RejectUnknown()
    {
        var unknown = values.Keys.Where(k => !read.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
    }

    List<string>? Get(string name)
    {
        read.Add(name);
        return values.GetValueOrDefault(name);
    }

    static T Parse<T>(string name, string s, Func<string, T> parse)
    {
        try { return parse(s); }
        catch (Exception e) when (e is FormatException or OverflowException) { throw new ArgumentException($"--{name}: '{s}' is not a valid number"); }
    }
}
