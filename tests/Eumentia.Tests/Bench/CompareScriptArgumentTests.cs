using System.Diagnostics;

namespace Eumentia.Tests.Bench;

/// <summary>
/// bench/compare.sh's argument handling for whole studies: a bad study, flag, size or round count is refused with one
/// line naming it and exit 2, before anything is built or run; good arguments pass its --check-args gate (which stops
/// before the prerequisites, the build and the runs), so these tests need only bash.
/// </summary>
public sealed class CompareScriptArgumentTests
{
    static string Script
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "bench", "compare.sh"))) return Path.Combine(dir.FullName, "bench", "compare.sh");
            throw new FileNotFoundException("bench/compare.sh not found above " + AppContext.BaseDirectory);
        }
    }

    static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    static void AssertRefused((int Code, string Stdout, string Stderr) result, string named)
    {
        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(named, lines[0]);
    }

    [Theory]
    [InlineData("phases")]
    [InlineData("criticality")]
    [InlineData("lottery")]
    [InlineData("all")]
    public void A_study_with_a_peer_accepts_rounds_and_size(string study)
    {
        var result = Run("study", study, "--rounds", "3", "--size", "tiny", "--check-args");
        Assert.True(result.Code == 0, result.Stderr);
        Assert.Equal("", result.Stdout + result.Stderr);
    }

    [Fact]
    public void An_unknown_study_is_refused_with_the_known_ones() =>
        AssertRefused(Run("study", "subsets"), "unknown study 'subsets' (phases, criticality, lottery, all)");

    [Theory]
    [InlineData("criticality")]
    [InlineData("lottery")]
    [InlineData("all")]
    public void An_unknown_flag_is_refused_before_anything_runs(string study) =>
        AssertRefused(Run("study", study, "--rounds", "2", "--frob"), "not: --frob");

    [Theory]
    [InlineData("criticality")]
    [InlineData("lottery")]
    [InlineData("all")]
    public void A_size_other_than_quick_or_tiny_is_refused(string study) =>
        AssertRefused(Run("study", study, "--size", "paper"), "--size paper: expected quick or tiny");

    [Theory]
    [InlineData("0")]
    [InlineData("two")]
    public void A_round_count_that_is_not_a_positive_whole_number_is_refused(string rounds) =>
        AssertRefused(Run("study", "criticality", "--rounds", rounds), $"--rounds {rounds}: expected a positive whole number");
}
