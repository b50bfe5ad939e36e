using System.Diagnostics;
using System.Text.RegularExpressions;
using Eumentia.Cli;

namespace Eumentia.Tests.Docs;

/// <summary>
/// The README is the user's manual: every command it shows must still work. Each `./eumentia ...` line of its code
/// blocks parses against the real command line (a renamed option or command fails here); the quick ones run for
/// real, through the ./eumentia launcher too; the studies' commands run with tiny settings in their own tests;
/// `dotnet test` is what .ci/run runs. Every file the manual links to exists, and it stays a manual (≤ 300 lines).
/// </summary>
public partial class ReadmeCommandsTests
{
    internal static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "Eumentia.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("no checkout above " + AppContext.BaseDirectory);
    }

    static string Readme() => File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));

    /// <summary>The command lines of the README's indented code blocks, without trailing comments.</summary>
    public static IReadOnlyList<string> Commands(string markdown) =>
        markdown.Split('\n').Where(l => l.StartsWith("    ", StringComparison.Ordinal))
            .Select(l => l.Trim()).Where(l => l.StartsWith("./eumentia", StringComparison.Ordinal) || l.StartsWith("dotnet ", StringComparison.Ordinal))
            .Select(l => TrailingComment().Replace(l, "").Trim()).ToArray();

    static string[] Arguments(string command) => command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();

    [Fact]
    public void EveryEumentiaCommandOfTheManualParses()
    {
        var commands = Commands(Readme()).Where(c => c.StartsWith("./eumentia", StringComparison.Ordinal)).ToArray();
        Assert.True(commands.Length >= 15, $"only {commands.Length} commands found: the extraction is broken");
        foreach (var command in commands)
        {
            var parse = Program.CreateRoot().Parse(Arguments(command));
            Assert.True(parse.Errors.Count == 0, $"README: `{command}`: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
        }
        // A command that no longer exists is caught, not silently accepted.
        Assert.NotEmpty(Program.CreateRoot().Parse(["phases", "--no-such-option"]).Errors);
    }

    [Fact]
    public void TheTestCommandIsTheOneCiRuns()
    {
        var dotnet = Commands(Readme()).Where(c => c.StartsWith("dotnet ", StringComparison.Ordinal)).ToArray();
        Assert.Contains("dotnet test Eumentia.slnx -c Release", dotnet);
        Assert.Contains("dotnet test Eumentia.slnx -c Release", File.ReadAllText(Path.Combine(RepoRoot(), ".ci", "run")));
    }

    [Fact]
    public void TheQuickCommandsRun()
    {
        string root = RepoRoot(), outDir = Path.Combine(Path.GetTempPath(), $"eumentia-readme-{Guid.NewGuid():N}");
        try
        {
            var commands = Commands(Readme());
            // Help through the launcher itself, as a user types it. The launcher runs the Release build, which is this
            // test run's own when the suite runs in Release (as the README and CI run it); a Debug run asks the CLI directly.
            bool release = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
            (int Code, string Output) help;
            if (release) help = Launcher(root, "--help");
            else
            {
                var inProcess = CliInProcess(["--help"]);
                help = (inProcess.Code, inProcess.Out + inProcess.Err);
            }
            Assert.True(help.Code == 0, help.Output);
            Assert.Contains("eumentia [command] [options]", help.Output);
            Assert.True(help.Output.IndexOf("phases", StringComparison.Ordinal) < help.Output.IndexOf("  train", StringComparison.Ordinal), "the studies come first");

            Assert.Contains("./eumentia criticality theory --activation tanh --sigma-b 0.3", commands);
            var theory = CliInProcess(Arguments("./eumentia criticality theory --activation tanh --sigma-b 0.3"));
            Assert.True(theory.Code == 0, theory.Err);
            Assert.Contains("1.39558", theory.Out);

            Assert.Contains("./eumentia data list", commands);
            var data = CliInProcess(["data", "list"]);
            Assert.True(data.Code == 0, data.Err);
            Assert.Contains("mnist-10k", data.Out);

            // fit on the shipped example, its paths taken from the repository root and the output sent to a temporary directory.
            string fit = commands.Single(c => c.StartsWith("./eumentia fit ", StringComparison.Ordinal));
            var args = Arguments(fit).Select(a => a.StartsWith("docs/", StringComparison.Ordinal) ? Path.Combine(root, a) : a).ToArray();
            args[Array.IndexOf(args, "--out") + 1] = outDir;
            var fitRun = CliInProcess([.. args, "--bootstrap", "20"]);
            Assert.True(fitRun.Code == 0, fitRun.Err);
            Assert.True(File.Exists(Path.Combine(outDir, "figures", "fit.pdf")));
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    [Fact]
    public void EveryLinkedFileExistsAndTheManualIsShort()
    {
        string root = RepoRoot(), readme = Readme();
        var links = Link().Matches(readme).Select(m => m.Groups[1].Value).Where(l => !l.Contains("://", StringComparison.Ordinal)).ToArray();
        Assert.True(links.Length >= 8, "the manual links to the docs");
        foreach (var link in links)
            Assert.True(File.Exists(Path.Combine(root, link)) || Directory.Exists(Path.Combine(root, link)), $"README links to {link}, which does not exist");
        foreach (var doc in Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            foreach (var link in Link().Matches(File.ReadAllText(doc)).Select(m => m.Groups[1].Value).Where(l => !l.Contains("://", StringComparison.Ordinal)))
                Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(doc)!, link)) || Directory.Exists(Path.Combine(Path.GetDirectoryName(doc)!, link)),
                    $"{Path.GetRelativePath(root, doc)} links to {link}, which does not exist");
        Assert.InRange(readme.Split('\n').Length, 50, 300);
        Assert.DoesNotContain("DESIGN.md", readme);
        Assert.DoesNotContain("../shared", readme);
    }

    [Fact]
    public void TheFirstBuildSaysWhatItIsDoing()
    {
        // The launcher alone in an empty checkout: no build yet, so it must announce the build before starting it
        // (and here the build fails, with its own one-line message: there is no project to build).
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-launcher-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "src", "Eumentia.Cli"));
            File.Copy(Path.Combine(RepoRoot(), "eumentia"), Path.Combine(dir, "eumentia"));
            var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dir };
            start.ArgumentList.Add(Path.Combine(dir, "eumentia"));
            start.ArgumentList.Add("--help");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            string err = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(120_000));
            Assert.StartsWith("eumentia: first use: building the command line", err);
            Assert.Contains("eumentia: build failed", err);
            Assert.NotEqual(0, process.ExitCode);
        }
        finally { Directory.Delete(dir, true); }
    }

    static (int Code, string Out, string Err) CliInProcess(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        return (Program.Run(args, stdout, stderr), stdout.ToString(), stderr.ToString());
    }

    static (int Code, string Output) Launcher(string root, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        start.ArgumentList.Add(Path.Combine(root, "eumentia"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["EUMENTIA_NO_BUILD"] = "1";
        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "./eumentia --help did not finish in a minute");
        return (process.ExitCode, output + err.Result);
    }

    [GeneratedRegex(@"\s+#\s.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"\]\(([^)#\s]+)\)")]
    private static partial Regex Link();
}
