using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Eumentia.Tests.Reports;

/// <summary>
/// Opens a report in a real browser (Debian's chromium, headless) and fails on what a reader would see broken:
/// console errors, figures missing or too small, labels clipped at a figure's edge, figure files that do not load, no
/// headline or no summary.json (report-check.html does the looking). The study tests call it on their reports.
/// Chromium is installed by .ci/setup, so in CI (CI=true) a missing browser fails; elsewhere the check is left out
/// and <see cref="Available"/> says so.
/// </summary>
public static partial class BrowserCheck
{
    public static string? Chromium { get; } = new[] { "chromium", "chromium-browser" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Where(d => d.Length > 0).Select(d => Path.Combine(d, name)))
        .FirstOrDefault(File.Exists);

    public static bool InCi => Environment.GetEnvironmentVariable("CI") is "true" or "1";

    /// <summary>Whether the check can run here; in CI it must.</summary>
    public static bool Available => Chromium is not null || InCi;

    /// <summary>The problems chromium found in <paramref name="reportHtml"/>, after asserting it found the figures it expected.</summary>
    public static IReadOnlyList<string> Problems(string reportHtml)
    {
        Assert.True(Chromium is not null, "CI=true but chromium is not on PATH: .ci/setup should have installed it");
        string checker = Path.Combine(AppContext.BaseDirectory, "Reports", "report-check.html");
        string url = new Uri(checker).AbsoluteUri + "?report=" + Uri.EscapeDataString(new Uri(Path.GetFullPath(reportHtml)).AbsoluteUri);
        string profile = Path.Combine(Path.GetTempPath(), $"eumentia-chromium-{Guid.NewGuid():N}");
        var start = new ProcessStartInfo(Chromium!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0",
                $"--user-data-dir={profile}", "--virtual-time-budget=30000", "--window-size=1280,1000", "--dump-dom", url },
        };
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string dom = process.StandardOutput.ReadToEnd();
            Assert.True(process.WaitForExit(120_000), "chromium did not finish within two minutes");
            var match = Result().Match(dom);
            Assert.True(match.Success, $"chromium gave no result (exit {process.ExitCode}): {stderr.Result[^Math.Min(2000, stderr.Result.Length)..]}");
            using var json = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value));
            Assert.True(json.RootElement.TryGetProperty("problems", out var found), $"the check did not finish: {match.Groups[1].Value}");
            var problems = found.EnumerateArray().Select(p => p.GetString()!).ToList();
            // Console errors of the report itself (a broken resource, a script error), not of the browser's own services.
            problems.AddRange(stderr.Result.Split('\n').Where(l => l.Contains("CONSOLE", StringComparison.Ordinal) && l.Contains(Path.GetFileName(reportHtml), StringComparison.Ordinal))
                .Select(l => "console: " + l.Trim()));
            return problems;
        }
        finally { if (Directory.Exists(profile)) Directory.Delete(profile, true); }
    }

    /// <summary>Asserts the report reads cleanly in chromium (where the check is available).</summary>
    public static void AssertClean(string reportHtml)
    {
        if (!Available) return;
        var problems = Problems(reportHtml);
        Assert.True(problems.Count == 0, $"{reportHtml} in chromium:\n" + string.Join("\n", problems));
    }

    [GeneratedRegex("<pre id=\"result\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Result();
}
