using System.Text.Json.Nodes;
using Eumentia.Cli;
using Eumentia.Studies;
using Eumentia.Studies.Criticality;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Criticality;

/// <summary>
/// `eumentia study migrate` on criticality directories that the previous main made (Fixtures/criticality-02a3989,
/// the tiny preset's values): after migrating, the study computes only the probes and trainings the old run had not
/// finished, and its tables, exponents and figure CSVs equal those the old build wrote when it ran to the end.
/// </summary>
[Collection(ThreadBudgetCollection.Name)]
public class CriticalityMigrationTests
{
    static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "criticality-02a3989");

    static void AssertOldOutputs(string dir)
    {
        string expected = Path.Combine(Fixture, "expected");
        foreach (var table in Directory.GetFiles(expected, "*.csv", SearchOption.AllDirectories))
            OldStudyFixture.AssertSameTable(table, Path.Combine(dir, Path.GetRelativePath(expected, table)), "seconds");
        // Every value 02a3989 wrote is there unchanged (today's study adds a field or two), but the wall-clock time.
        foreach (var file in new[] { "exponents.json", "summary.json" })
            AssertContains(JsonNode.Parse(File.ReadAllText(Path.Combine(expected, file)))!, JsonNode.Parse(File.ReadAllText(Path.Combine(dir, file)))!, file);
    }

    static readonly Dictionary<string, string[]> RespelledEnums = new()
    {
        ["curves"] = Enum.GetNames<Eumentia.Analysis.Collapse.CurveAxis>(),
        ["master"] = Enum.GetNames<Eumentia.Analysis.Collapse.MasterCurve>(),
    };

    static void AssertContains(JsonNode old, JsonNode now, string where)
    {
        switch (old)
        {
            case JsonObject o:
                foreach (var (name, value) in o.Where(p => p.Key != "seconds"))
                {
                    Assert.True(now.AsObject().TryGetPropertyValue(name, out var later), $"{where}.{name} is gone");
                    if (value is null) Assert.True(later is null, $"{where}.{name}: null is now {later?.ToJsonString()}");
                    else AssertContains(value, later ?? throw new Xunit.Sdk.XunitException($"{where}.{name}: {value.ToJsonString()} is now null"), $"{where}.{name}");
                }
                break;
            // Issue 23 added multiplicative noise to the classes a verdict weighs: each old class's mean z² is unchanged and a
            // fourth follows; the verdict's words (and so which class is closest, whether one is consistent) are the new rule's.
            case JsonArray a when where.EndsWith(".mean_z_squared", StringComparison.Ordinal):
                Assert.True(now.AsArray().Count == a.Count + 1, $"{where}: {a.Count} elements, now {now.AsArray().Count}");
                for (int i = 0; i < a.Count; i++) AssertContains(a[i]!, now.AsArray()[i]!, $"{where}[{i}]");
                break;
            case JsonValue when where.Contains(".verdicts[", StringComparison.Ordinal) && where[(where.LastIndexOf('.') + 1)..] is "text" or "consistent" or "closest":
                break;
            // A headline line that is a verdict: the same architecture's, in the new words.
            case JsonValue v when where.Contains(".headline[", StringComparison.Ordinal) && v.TryGetValue(out string? line) && line.Contains("mean z²", StringComparison.Ordinal):
                Assert.StartsWith(line[..(line.IndexOf(':') + 1)], now.GetValue<string>());
                Assert.Contains("MN 1+1 D", now.GetValue<string>());
                break;
            case JsonArray a:
                Assert.True(a.Count == now.AsArray().Count, $"{where}: {a.Count} elements, now {now.AsArray().Count}");
                for (int i = 0; i < a.Count; i++) AssertContains(a[i]!, now.AsArray()[i]!, $"{where}[{i}]");
                break;
            // The collapse's curve and master-curve choices were enum numbers at 02a3989 and are now their names, as
            // collapse.json always spelled them (one set of JSON options, issue 17): the same choice, respelled.
            case JsonValue v when where.Contains(".fit.") && !where.Contains(".quality.") && RespelledEnums.TryGetValue(where[(where.LastIndexOf('.') + 1)..], out var names) && v.TryGetValue(out int number):
                Assert.Equal(names[number], now.GetValue<string>());
                break;
            default:
                Assert.True(JsonNode.DeepEquals(old, now), $"{where}: {old.ToJsonString()} is now {now.ToJsonString()}");
                break;
        }
    }

    [Fact]
    public void AKilledOldCriticalityStudyIsMigratedAndFinishedWithTheOldNumbers()
    {
        string dir = OldStudyFixture.Copy(Path.Combine("criticality-02a3989", "killed"));
        try
        {
            var (code, stdout, err) = CliRunner.InProcess("criticality", "--preset", "tiny", "--out", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("criticality study of an older eumentia", err);

            (code, stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir, "--preset", "tiny");
            Assert.True(code == 0, stdout + err);
            Assert.Contains("14 finished probes and 0 finished trainings kept", stdout);
            Assert.False(Directory.Exists(Path.Combine(dir, "probes")));

            var study = new CriticalityStudy();
            Assert.Equal(26 - 14 + 1, StudyRunner.Run(study, CriticalitySpec.Tiny, dir, new StudyRunOptions(2)).Executed);
            AssertOldOutputs(dir);
            Assert.Equal(0, StudyRunner.Run(study, CriticalitySpec.Tiny, dir, new StudyRunOptions(2)).Executed);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void AnOldTrainingIsKeptAndSettingsThatContradictTheOldRecordAreRefused()
    {
        string dir = OldStudyFixture.Copy(Path.Combine("criticality-02a3989", "killed"));
        try
        {
            foreach (var file in Directory.GetFiles(Path.Combine(Fixture, "finished"), "*", SearchOption.AllDirectories))
            {
                string target = Path.Combine(dir, Path.GetRelativePath(Path.Combine(Fixture, "finished"), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            // exponents.json records the tiny preset: the default (quick) is refused, changing nothing.
            var (code, stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.Contains("records preset tiny, the settings give quick", err);
            Assert.False(Directory.Exists(Path.Combine(dir, "runs")));

            (code, stdout, err) = CliRunner.InProcess("study", "migrate", "--dir", dir, "--preset", "tiny");
            Assert.True(code == 0, stdout + err);
            Assert.Contains("14 finished probes and 1 finished trainings kept", stdout);
            Assert.Equal(26 - 14, StudyRunner.Run(new CriticalityStudy(), CriticalitySpec.Tiny, dir, new StudyRunOptions(2)).Executed);
            AssertOldOutputs(dir);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
