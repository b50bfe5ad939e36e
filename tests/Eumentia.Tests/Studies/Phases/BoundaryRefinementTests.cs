using System.Globalization;
using System.Text.Json;
using Eumentia.Cli;
using Eumentia.IO;
using Eumentia.Studies.Phases;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Studies.Phases;

[Collection(ThreadBudgetCollection.Name)]
public class BoundaryRefinementTests
{
    [Fact]
    public void FillsEumentiaDementiaIntervalsAtTheStepAndNothingElse()
    {
        Boundary[] boundaries =
        [
            new(128, 2, 0.4, "eumentia|dementia", 0.45, 0.05),
            new(128, 2, 0.4, "dementia|amentia", 0.85, 0.05),
            new(128, 2, 0.6, "dementia|eumentia", 0.3, 0.1),
            new(64, 1, 0.0, "eumentia|amentia", 0.75, 0.05),
        ];
        var values = BoundaryRefinement.Values(boundaries, 0.02, [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
        Assert.Equal(2, values.Count);
        Assert.Equal([0.42, 0.44, 0.46, 0.48], values[(128, 2, 0.4)]);
        // 0.3 is on the grid already; 0.2 + 0.02 k rounded, so the keys read 0.22, not 0.22000000000000003.
        Assert.Equal([0.22, 0.24, 0.26, 0.28, 0.32, 0.34, 0.36, 0.38], values[(128, 2, 0.6)]);
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundaryRefinement.Values(boundaries, 0, []));
    }

    /// <summary>
    /// A finished study with three sizes (so that p_eval 0 is eumentia and 0.7 dementia at p_train 0.4) grown by
    /// refine_step = 0.1: the interval (0, 0.7) of p_train 0.4 gets six evaluation branches per trained net, p_train 0
    /// (no eumentia|dementia boundary) none, nothing trains, and the constrained BKT fit's bounds are the refined
    /// boundary's neighbours.
    /// </summary>
    [Fact]
    public void RefinementAddsEvaluationsInsideTheBoundaryOnlyAndTrainsNothing()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-refine-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] common = ["phases", "--preset", "tiny", "--grid", "train_size=256,1024,4096", "--out", dir, "-j", "2"];
            var (code, stdout, stderr) = CliRunner.InProcess(common);
            Assert.True(code == 0, stdout + stderr);
            Assert.Equal(24, CsvTable.Read(Path.Combine(dir, "results.csv")).Rows.Count);

            (code, stdout, stderr) = CliRunner.InProcess([.. common, "--set", "refine_step=0.1"]);
            Assert.True(code == 0, stdout + stderr);
            Assert.DoesNotContain("stage training", stdout);
            Assert.DoesNotContain("stage evaluation", stdout);
            Assert.Contains("stage refinement: 36 runs to go", stdout); // 6 values × 3 sizes × 2 seeds of p_train 0.4
            var results = CsvTable.Read(Path.Combine(dir, "results.csv"));
            int pTrain = results.Column("p_train", "test"), pEval = results.Column("p_eval", "test");
            double P(string[] row, int c) => double.Parse(row[c], CultureInfo.InvariantCulture);
            Assert.Equal(60, results.Rows.Count);
            Assert.Equal([0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], results.Rows.Where(r => P(r, pTrain) == 0.4).Select(r => P(r, pEval)).Distinct().Order());
            Assert.Equal([0.0, 0.7], results.Rows.Where(r => P(r, pTrain) == 0.0).Select(r => P(r, pEval)).Distinct().Order());

            var phases = CsvTable.Read(Path.Combine(dir, "phases.csv"));
            var cut = phases.Rows.Where(r => P(r, phases.Column("p_train", "test")) == 0.4)
                .Select(r => (P: P(r, phases.Column("p_eval", "test")), Phase: r[phases.Column("phase", "test")])).OrderBy(c => c.P).ToList();
            double firstDementia = cut.First(c => c.Phase == "dementia").P;
            double lastEumentia = cut.Last(c => c.Phase == "eumentia" && c.P < firstDementia).P;
            using var bkt = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "bkt.json")));
            var bounds = bkt.RootElement[0].GetProperty("pc_bounds");
            Assert.Equal(lastEumentia, bounds.GetProperty("lower").GetDouble());
            Assert.Equal(firstDementia, bounds.GetProperty("upper").GetDouble());
            Assert.True(firstDementia - lastEumentia <= 0.2 + 1e-9, $"refined interval [{lastEumentia}, {firstDementia}]");
            // Both constrained fits and the BKT against power-law growth comparison were attempted on the cut's N* (too few
            // interior N* here, so each says why).
            foreach (var fit in new[] { "constrained_length_fit", "bounded_length_fit", "growth_comparison" })
                Assert.Contains("N*(p_eval) at width 64, depth 2, p_train 0.4", bkt.RootElement[0].GetProperty(fit + "_error").GetString());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
