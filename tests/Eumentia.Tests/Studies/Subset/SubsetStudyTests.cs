using Eumentia.Analysis;
using Eumentia.IO;
using Eumentia.Studies.Subset;
using Eumentia.Studies;

namespace Eumentia.Tests.Studies.Subset;

/// <summary>The subset study's tiny preset from its command line: planned, killed part way, resumed, analysed.</summary>
[Collection(ThreadBudgetCollection.Name)]
public sealed class SubsetStudyTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "eumentia-subset-study-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, true);
    }

    [Fact]
    public void TinyPresetSurvivesAKillAndMeasuresWhatTheoryPlants()
    {
        string dir = Path.Combine(root, "tiny");
        var (resumed, analysed) = StudyKillResume.Run(["subset"], "tiny", dir, killAfter: 20);
        var spec = SubsetSpec.Preset("tiny");

        // Killed, resumed on two workers and read back from the runs: the outcomes of every draw computed here, in order.
        string expected = Path.Combine(root, "expected-outcomes.csv");
        RecordCsv.Write(expected, MatchStudy.Run(spec).Outcomes);
        Assert.Equal(File.ReadAllText(expected), File.ReadAllText(Path.Combine(dir, "outcomes.csv")));

        // With every weight learnable the teacher is a student (planted): every draw matches; below D none can.
        var mp = CsvTable.Read(Path.Combine(dir, "match_probability.csv"));
        var theory = CsvTable.Read(Path.Combine(dir, "theory.csv"));
        int network = mp.Column("network", "network"), budget = mp.Column("budget", "m"), probability = mp.Column("match_probability", "MP");
        foreach (int row in Enumerable.Range(0, theory.Rows.Count))
        {
            string name = theory.Rows[row][theory.Column("network", "network")];
            int weights = (int)theory.Number(row, theory.Column("weights", "weights")), d = (int)theory.Number(row, theory.Column("independent_equations", "D"));
            var points = Enumerable.Range(0, mp.Rows.Count).Where(r => mp.Rows[r][network] == name).ToArray();
            Assert.NotEmpty(points);
            Assert.All(points.Where(r => (int)mp.Number(r, budget) == weights), r => Assert.Equal(1.0, mp.Number(r, probability)));
            Assert.All(points.Where(r => (int)mp.Number(r, budget) < d), r => Assert.Equal(0.0, mp.Number(r, probability)));
        }

        // MNIST: all 6352 weights learnable learn far more than none.
        var mnist = CsvTable.Read(Path.Combine(dir, "mnist_accuracy.csv"));
        double Accuracy(string allocation, int m) => mnist.Number(Enumerable.Range(0, mnist.Rows.Count)
            .Single(r => mnist.Rows[r][mnist.Column("allocation", "allocation")] == allocation && (int)mnist.Number(r, mnist.Column("budget", "m")) == m),
            mnist.Column("test_accuracy", "accuracy"));
        Assert.True(Accuracy("random", 6352) > Accuracy("random", 0) + 0.2, $"{Accuracy("random", 6352)} vs {Accuracy("random", 0)}");
        Assert.Equal(Accuracy("random", 0), Accuracy("concentrated-layer", 0));

        Assert.Contains("ff:2-2-2 (D = ", resumed);
        Assert.Contains("MNIST, mlp:784-8-10", analysed);
    }

    /// <summary>
    /// Matches are keyed by their job, not by the study's spec: a spec changed in what no job reads (the bootstrap,
    /// the order of networks and allocations) runs nothing again, and one grown by draws runs only the new draws.
    /// </summary>
    [Fact]
    public void AChangedSpecRerunsOnlyTheJobsItChanges()
    {
        string dir = Path.Combine(root, "grown");
        var study = new SubsetStudy();
        var spec = SubsetSpec.Preset("tiny") with { Mnist = null };
        var first = StudyRunner.Run(study, spec, dir, new StudyRunOptions(2));
        int jobs = spec.Networks.Count * spec.Allocations.Count * spec.Draws;
        Assert.InRange(first.Executed, jobs, jobs + spec.Networks.Count * spec.Rechecks);

        var same = spec with { Bootstrap = spec.Bootstrap / 2, Networks = [.. spec.Networks.Reverse()], Allocations = [.. spec.Allocations.Reverse()] };
        var again = StudyRunner.Run(study, same, dir, new StudyRunOptions(2));
        Assert.NotNull(again.Outcome);
        Assert.Equal(0, again.Executed);

        var grown = StudyRunner.Run(study, same with { Draws = spec.Draws + 2 }, dir, new StudyRunOptions(2));
        Assert.InRange(grown.Executed, spec.Networks.Count * spec.Allocations.Count * 2, spec.Networks.Count * (spec.Allocations.Count * 2 + spec.Rechecks));
    }
}
