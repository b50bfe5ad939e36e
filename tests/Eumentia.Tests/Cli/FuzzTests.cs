using FsCheck;
using FsCheck.Fluent;
using Eumentia.Tests.Sweeps;
using Xunit.Abstractions;

namespace Eumentia.Tests.Cli;

/// <summary>
/// Random command lines and random YAML specs (FsCheck): the command line never lets an exception escape
/// (which the real program would print as a stack trace), exits only 0, 1 or 2, prints errors as "eumentia:"
/// lines, and a usage error (2) leaves the file system as it found it. The commands are those that finish
/// quickly in-process (sweeps of the toy kind, collect, status, slurm scripts, iterate); every path points
/// into a temporary directory.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    readonly SweepTestDirectory temp = new();

    public void Dispose() => temp.Dispose();

    static readonly string[] Junk = ["", " ", "-", "--", "-j", "0", "-1", "1e400", "NaN", "abc", "5m", "-5m", "00:00:00", "99:99:99", "[1,2]", "{a: 1}",
        "width=3", "width=", "=3", "bogus=1", "widht=2", "width=1,2", "p_eval=[0,0.5]", "dropout=1", "--help", "\u00e9\u0000", "../../x", "1000000000"];

    Gen<string> Path_() => Gen.Elements(temp.Path_("d1"), temp.Path_("d2"), temp.Path_("missing/deeper"), temp.Path_("spec.yaml"), temp.Path_("file.txt"), "/proc/x.csv", "");

    Gen<string[]> Option(string name, Gen<string> value) => Gen.Select(value, v => new[] { name, v });

    Gen<string[]> Arguments()
    {
        var number = Gen.Elements("1", "2", "0", "-3", "abc", "2147483648", "1e9", "");
        var duration = Gen.Elements("5m", "90", "1.5h", "-5m", "abc", "00:10:00", "banana", "0", "1e400", "9999999999:00:00");
        var options = Gen.OneOf(
            Option("--dir", Path_()), Option("--kind", Gen.Elements("toy", "train", "bogus", "")),
            Option("--set", Gen.Elements(Junk)), Option("--grid", Gen.Elements("width=1,2", "seed=0,1", "width=", "bogus=1,2", "width=a,b", "dropout=0.5,2")),
            Option("-j", number), Option("--max-attempts", number), Option("--max-lost", number), Option("--heartbeat-timeout", duration),
            Option("--time-limit", duration), Option("--time", duration), Option("--tasks", number), Option("--cpus", number),
            Option("--workers-per-task", number), Option("--concurrency", number), Option("--results", Path_()), Option("--metrics", Path_()),
            Option("--mode", Gen.Elements("threads", "bogus")), Option("--save-weights", Gen.Elements("none", "final", "all")),
            Option("--depth", number), Option("--rho0", Gen.Elements("0.5", "3", "NaN")), Option("--out", Path_()),
            Gen.Elements<string[]>(["--force"], ["--fail-fast"], ["--events"], [""], ["--bogus"]),
            Gen.Select(Gen.Elements(Junk), j => new[] { j }));
        var command = Gen.Elements<string[]>(["sweep", "run", temp.Path_("spec.yaml"), "--dir", temp.Path_("d1"), "-j", "1"], ["sweep", "run", "--kind", "toy", "--dir", temp.Path_("d2"), "-j", "1"],
            ["sweep", "status"], ["sweep", "worker"], ["sweep", "slurm", temp.Path_("spec.yaml"), "--dir", temp.Path_("d1")], ["collect"], ["criticality", "iterate"],
            ["sweep"], [], ["bogus"], ["sweep", "run"]);
        return Gen.SelectMany(command, c => Gen.Select(Gen.ListOf(options), o => c.Concat(o.Take(5).SelectMany(x => x)).ToArray()));
    }

    static Gen<string> Specs()
    {
        var value = Gen.Elements("3", "-1", "0", "abc", "[1, 2]", "[]", "{a: 1}", "1e400", "\"x\"", "", "[1, [2]]", "true", "0.5");
        var key = Gen.Elements("width", "dropout", "seed", "p_eval", "widht", "fail", "sleep_ms", "[a, b]", "\"\"", "data", "mode");
        var entry = Gen.SelectMany(key, k => Gen.Select(value, v => $"{k}: {v}"));
        var mapping = Gen.Select(Gen.ListOf(entry), es => "{ " + string.Join(", ", es.Take(3)) + " }");
        var lists = Gen.Elements("{ width: [1, 2] }", "{ width: [] }", "{ width: 3 }", "{ seed: [0, 1] }", "{ bogus: [1] }", "[1, 2]", "{ width: [1, 2], dropout: [0.0, 0.5] }");
        var line = Gen.OneOf(
            Gen.Elements("kind: toy", "kind: toy", "kind: bogus", "kind: [toy]", "kind:", "name: demo", "name: ../../x", "name: \"\"", "seeds: 2", "seeds: 0",
                "seeds: 100000000", "seeds: [0, 1]", "seeds: abc", "---", "{", "grid: [", "? [a, b]\n: 1", "\tkind: toy", "configs: []", "configs: [ {fail: true}, {width: 2} ]",
                "zip: { width: [1, 2], seed: [0] }", "zip: { width: [1, 2], seed: [3, 4] }", "bogus: 1", "fixed: 3"),
            Gen.Select(mapping, m => "fixed: " + m), Gen.Select(lists, l => "grid: " + l));
        return Gen.Select(Gen.ListOf(line), ls => string.Join("\n", ls.Take(6)) + "\n");
    }

    List<string> Snapshot() =>
        Directory.GetFileSystemEntries(temp.Root, "*", SearchOption.AllDirectories)
            .Select(p => File.Exists(p) ? $"{p}:{new FileInfo(p).Length}:{File.GetLastWriteTimeUtc(p).Ticks}" : p).Order().ToList();

    bool Behaves(string[] args)
    {
        var before = Snapshot();
        int code;
        string stderr;
        try { (code, _, stderr) = CliRunner.InProcess(args); }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"eumentia {Show(args)} threw {e.GetType().Name}: {e.Message}");
        }
        if (code is not (0 or 1 or 2)) throw new Xunit.Sdk.XunitException($"eumentia {Show(args)} exited {code}");
        if (stderr.Contains("   at ", StringComparison.Ordinal)) throw new Xunit.Sdk.XunitException($"eumentia {Show(args)} printed a stack trace:\n{stderr}");
        if (code == 2 && !before.SequenceEqual(Snapshot()))
            throw new Xunit.Sdk.XunitException($"eumentia {Show(args)} refused its input but changed files: {string.Join(", ", Snapshot().Except(before))}");
        return true;
    }

    static string Show(string[] args) => string.Join(" ", args.Select(a => a.Length == 0 || a.Contains(' ') ? $"'{a}'" : a));

    void Check_(Property property, int tests)
    {
        int seed = Environment.TickCount;
        output.WriteLine($"FsCheck replay seed: ({seed}, 0)");
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(tests).WithReplay(new Replay(new Rnd((ulong)seed, 1UL), null)), property);
    }

    [Fact]
    public void RandomCommandLinesExitZeroOneOrTwoWithoutATrace()
    {
        File.WriteAllText(temp.Path_("spec.yaml"), "kind: toy\ngrid: { width: [1, 2] }\n");
        File.WriteAllText(temp.Path_("file.txt"), "not a directory\n");
        Check_(Prop.ForAll(Arb.From(Arguments()), Behaves), 250);
    }

    [Fact]
    public void RandomSpecsExitZeroOneOrTwoWithoutATraceAndRefusalsWriteNothing()
    {
        Check_(Prop.ForAll(Arb.From(Specs()), yaml =>
        {
            File.WriteAllText(temp.Path_("spec.yaml"), yaml);
            return Behaves(["sweep", "run", temp.Path_("spec.yaml"), "--dir", temp.Path_("fuzz"), "-j", "1"]);
        }), 250);
    }
}
