using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eumentia.Tests.Interop;

/// <summary>
/// The column dictionary shipped with the Python package (python/eumentia/columns.json): the meaning and unit of
/// every column Eumentia writes to CSV. Studies' tests call <see cref="AssertDescribes"/> on the directories they
/// produce, so a new or renamed column without an entry fails the suite. Resolution as in the Python loader:
/// the file's own entry, the global entry, a pattern, then NAME_se as the standard error of NAME. Where python3
/// has pandas (always in CI) the directory is also loaded with the package's <c>load_study</c> and checked there.
/// </summary>
public static class ColumnDictionary
{
    static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(File.ReadAllText(PathToJson())).RootElement);

    public static string PathToJson()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "python", "eumentia", "columns.json");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("python/eumentia/columns.json not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The entry for <paramref name="column"/> of the file named <paramref name="file"/>, or null.</summary>
    public static JsonElement? Describe(string file, string column)
    {
        var root = Root.Value;
        if (root.GetProperty("files").TryGetProperty(file, out var own) && own.TryGetProperty(column, out var local)) return local;
        if (root.GetProperty("columns").TryGetProperty(column, out var global)) return global;
        foreach (var pattern in root.GetProperty("patterns").EnumerateArray())
            if (Regex.IsMatch(column, pattern.GetProperty("pattern").GetString()!)) return pattern;
        return column.EndsWith("_se", StringComparison.Ordinal) ? Describe(file, column[..^3]) : null;
    }

    /// <summary>
    /// Fails naming every column of every CSV under <paramref name="directory"/> that the dictionary does not describe;
    /// <paramref name="inputColumns"/> are the user's own columns that fit and collapse carry over from their input.
    /// </summary>
    public static void AssertDescribes(string directory, params string[] inputColumns)
    {
        var missing = new List<string>();
        int files = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.csv", SearchOption.AllDirectories))
        {
            files++;
            string? header = File.ReadLines(path).FirstOrDefault();
            if (header is null) continue;
            string name = Path.GetFileName(path);
            foreach (var column in header.Split(','))
                if (!inputColumns.Contains(column) && Describe(name, column) is null) missing.Add($"{name}: {column}");
        }
        Assert.True(files > 0, $"no CSV under {directory}");
        Assert.True(missing.Count == 0, "columns without an entry in python/eumentia/columns.json:\n" + string.Join("\n", missing.Distinct()));

        // The same directory through the Python package's loader and its dictionary, wherever pandas is (always in CI).
        if (PythonPackage.InCi || PythonPackage.CanImport("numpy", "pandas"))
        {
            var (code, output) = PythonPackage.Run(["tests/check_study.py", directory, .. inputColumns]);
            Assert.True(code == 0, "eumentia.load_study: " + output);
            Assert.Contains("all described", output);
        }
    }
}
