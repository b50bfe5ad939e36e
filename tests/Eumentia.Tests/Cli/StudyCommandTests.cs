using Eumentia.Cli;
using Eumentia.Studies;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Cli;

/// <summary>The study commands generated from the spec records, and a study's Slurm scripts.</summary>
public class StudyCommandTests
{
    [Theory]
    [InlineData("lottery", "--seeds", "presets: tiny 2, quick 6, standard 5, paper 10")]
    [InlineData("lottery", "--rewind-step", "every preset: 0")]
    [InlineData("criticality", "--mlp-widths", "(comma-separated, each an integer")]
    [InlineData("criticality", "--training-epochs", "Presets")]
    [InlineData("subset", "--match-restarts", "presets: tiny 2, quick 4, standard 4, paper 8")]
    public void HelpShowsEveryFieldWithItsDocAndEachPresetsValue(string study, string option, string text)
    {
        var (code, help, _) = CliRunner.InProcess(study, "--help");
        Assert.Equal(0, code);
        var line = help.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith(option + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {option} in\n{help}");
        Assert.Contains(text, line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheFieldDocIsTheOptionsHelp()
    {
        var (_, help, _) = CliRunner.InProcess("lottery", "--help");
        Assert.Contains("IMP stops at the first level whose sparsity", help);
    }

    [Fact]
    public void OptionsSetTheRecordedSpecAndAnalyseOnlyRefusesToChangeIt()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("lottery");
        var planned = CliRunner.InProcess("lottery", "--preset", "tiny", "--seeds", "1", "--seeds", "3", "--set", "epochs=1", "--plan-only", "--out", dir);
        Assert.True(planned.Code == 0, planned.Out + planned.Err);
        var spec = (Eumentia.Studies.Lottery.LotterySpec)StudyDirectory.Open(dir).Spec(StudyCatalog.Get("lottery"));
        Assert.Equal(3, spec.Seeds); // the last of a repeated option
        Assert.Equal(1, spec.Epochs);
        var refused = CliRunner.InProcess("lottery", "--analyze-only", "--seeds", "4", "--out", dir);
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Contains("--seeds would change it", refused.Err);
        // Grown: the recorded spec follows, and the refusal of a bad value leaves the directory as it was.
        string before = File.ReadAllText(Path.Combine(dir, StudyDirectory.ManifestFile));
        var bad = CliRunner.InProcess("lottery", "--preset", "tiny", "--seeds", "0", "--plan-only", "--out", dir);
        Assert.Equal(ExitCodes.Usage, bad.Code);
        Assert.Equal(before, File.ReadAllText(Path.Combine(dir, StudyDirectory.ManifestFile)));
    }

    [Fact]
    public void SlurmOnAStudyDirectoryWritesTheArrayAndAContinuationThatCarriesTheStudyOn()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("subset");
        Assert.Equal(0, CliRunner.InProcess("subset", "--preset", "tiny", "--plan-only", "--out", dir).Code);
        var written = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--tasks", "3", "--time", "00:20:00", "--partition", "short");
        Assert.True(written.Code == 0, written.Out + written.Err);
        Assert.Contains("runs to go", written.Out);
        string array = File.ReadAllText(Path.Combine(dir, "runs", "slurm", "sweep.sbatch"));
        string continuation = File.ReadAllText(Path.Combine(dir, "runs", "slurm", "continue.sbatch"));
        Assert.Contains("#SBATCH --array=0-2", array);
        Assert.Contains($"sweep worker --dir {Path.Combine(dir, "runs")}", array);
        Assert.Contains("#SBATCH --partition=short", continuation);
        Assert.Contains($"study continue --dir {Path.GetFullPath(dir)}", continuation);
        Assert.DoesNotContain("--array", continuation);
        // A study's runs come from the study: a spec or --kind with a study directory is refused.
        var refused = CliRunner.InProcess("sweep", "slurm", "--dir", dir, "--kind", "train");
        Assert.Equal(ExitCodes.Usage, refused.Code);
        Assert.Contains("is a study's directory", refused.Err);
        // Without a submission there is no chain to continue from: nothing finished since the scripts were written.
        var stalled = CliRunner.InProcess("study", "continue", "--dir", dir);
        Assert.Equal(ExitCodes.Failure, stalled.Code);
        Assert.Contains("finished no run", stalled.Err);
    }
}
