using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Tests.Studies;

/// <summary>The study directories that the previous main (git 02a3989) made, in Fixtures/&lt;study&gt;-02a3989, and what their tests compare.</summary>
public static class OldStudyFixture
{
    /// <summary>A copy of Fixtures/<paramref name="name"/> in a fresh temporary directory (the caller deletes it).</summary>
    public static string Copy(string name)
    {
        string source = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-migrate-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(dir, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return dir;
    }

    /// <summary>
    /// Asserts that two CSV tables hold the same rows, cell for cell as text (so every number bit for bit), but for the
    /// columns named in <paramref name="ignore"/> (wall-clock times).
    /// </summary>
    public static void AssertSameTable(string expected, string actual, params string[] ignore)
    {
        var e = CsvTable.Read(expected);
        var a = CsvTable.Read(actual);
        // Every column the old build wrote is there with the same values; today's study may add columns (subset's
        // certified match probabilities of issue 23), which the old build could not have written.
        var missing = e.Headers.Except(a.Headers).ToArray();
        Assert.True(missing.Length == 0, $"{Path.GetFileName(actual)}: columns gone: {string.Join(", ", missing)}");
        Assert.Equal(e.Rows.Count, a.Rows.Count);
        var kept = Enumerable.Range(0, e.Headers.Count).Where(c => !ignore.Contains(e.Headers[c])).ToArray();
        for (int r = 0; r < e.Rows.Count; r++)
            foreach (int c in kept)
            {
                int now = a.Headers.ToList().IndexOf(e.Headers[c]);
                Assert.True(e.Rows[r][c] == a.Rows[r][now], string.Create(CultureInfo.InvariantCulture,
                    $"{Path.GetFileName(actual)} row {r + 1} column {e.Headers[c]}: expected {e.Rows[r][c]}, found {a.Rows[r][now]}"));
            }
    }
}
