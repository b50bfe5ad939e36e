using System.Text.Json.Nodes;
using Eumentia.Studies.Lottery;
using Eumentia.Training;

namespace Eumentia.Tests.Studies.Lottery;

/// <summary>
/// The lottery verdicts carry the localisation regime of the dense networks they were measured in: a claim contradicted
/// while the dense NLGP fields are broad is contradicted there and undecided where they are sharply local.
/// </summary>
public class LotteryRegimeTests
{
    /// <summary>IMP levels 0 and 1 plus one-shot at level 1 on nlgp and gp, three seeds; the dense nlgp distance ratios are
    /// <paramref name="dense"/>; IMP ends less local than one-shot (distance ratio 0.5 against 0.4), contradicting the claim.</summary>
    static List<LevelMeasurement> Rows(double[] dense)
    {
        var rows = new List<LevelMeasurement>();
        foreach (var data in new[] { "nlgp", "gp" })
            for (int s = 0; s < dense.Length; s++)
            {
                double wobble = 0.01 * s;
                LevelMeasurement Row(string method, int level, double ratio) => new()
                {
                    Data = data, Seed = (ulong)s, Method = method, Level = level, Remaining = level == 0 ? 100 : 80, Prunable = 100,
                    DistanceRatioMean = ratio, IprMean = 0.1, IprNormalisedMean = 1, WindowExcessMean = 0.1, InputKurtosis = data == "nlgp" ? -2 : 0,
                };
                rows.Add(Row(LotteryRun.Imp, 0, data == "nlgp" ? dense[s] : 0.95 + wobble));
                rows.Add(Row(LotteryRun.Imp, 1, 0.5 + wobble));
                rows.Add(Row("oneshot", 1, 0.4 + wobble / 2));
            }
        return rows;
    }

    [Fact]
    public void TheRegimeFollowsTheDenseNlgpDistanceRatio()
    {
        var weak = LotteryRegime.Of(Rows([0.92, 0.93, 0.91]), "gp");
        Assert.Equal(LocalisationRegime.Weak, weak.Regime);
        Assert.Equal("nlgp", weak.Source);                          // the control is judged by the NLGP's regime
        Assert.Equal(0.92, weak.DenseDistanceRatio.Value, 12);
        Assert.Equal(LocalisationRegime.Strong, LotteryRegime.Of(Rows([0.2, 0.21, 0.19]), "nlgp").Regime);
        // 0.3 … 0.7 straddles 0.5 within two standard errors.
        Assert.Equal(LocalisationRegime.Borderline, LotteryRegime.Of(Rows([0.3, 0.5, 0.7]), "nlgp").Regime);
        // Without an nlgp data set each data set is judged by its own dense networks.
        var own = LotteryRegime.Of(Rows([0.2, 0.21, 0.19]).Where(r => r.Data == "gp").ToList(), "gp");
        Assert.Equal(("gp", LocalisationRegime.Weak), (own.Source, own.Regime));
        Assert.Equal(LocalisationRegime.Unmeasured, LotteryRegime.Of([], "nlgp").Regime);
    }

    [Fact]
    public void AContradictionInTheWeakRegimeIsUndecidedInTheStrongOne()
    {
        var weak = LotteryAnalysis.Analyze(Rows([0.92, 0.93, 0.91]));
        var f = weak.Findings.Single(x => x.Id == "imp-vs-oneshot-locality" && x.Data == "nlgp");
        Assert.Equal("contradicted", f.Verdict);                    // findings.json keeps the bare verdict
        Assert.Equal("contradicted in this weakly localised regime (dense nlgp distance ratio 0.9200 ± 0.0058); undecided in the strongly localised one",
            weak.QualifiedVerdict(f));
        var supported = weak.Findings.Single(x => x.Id == "distance-ratio-falls" && x.Data == "nlgp");
        Assert.StartsWith("supported in this weakly localised regime", weak.QualifiedVerdict(supported));

        var strong = LotteryAnalysis.Analyze(Rows([0.2, 0.21, 0.19]));
        var g = strong.Findings.Single(x => x.Id == "imp-vs-oneshot-locality" && x.Data == "nlgp");
        Assert.Equal("contradicted (strongly localised regime: dense nlgp distance ratio 0.2000 ± 0.0058)", strong.QualifiedVerdict(g));
    }

    [Fact]
    public void TheReportAndItsSummaryCarryTheRegime()
    {
        string dir = Path.Combine(Path.GetTempPath(), "eumentia-regime-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var a = LotteryAnalysis.Analyze(Rows([0.92, 0.93, 0.91]));
            LotteryReport.Write(LotteryPresets.Get("tiny"), a, dir, (_, _, _, _) => null);
            var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")))!;
            var lines = summary["headline"]!.AsArray().Select(l => l!.GetValue<string>()).ToArray();
            Assert.Contains(lines, l => l.StartsWith("Regime: the dense nlgp networks' distance ratio is 0.9200 ± 0.0058") && l.Contains("weakly localised"));
            Assert.Contains(lines, l => l.Contains("contradicted in this weakly localised regime") && l.Contains("undecided in the strongly localised one"));
            Assert.DoesNotContain(lines.Skip(1), l => l.EndsWith(", contradicted."));
            var oneshot = summary["values"]!["claims"]!.AsArray().First(c => c!["id"]!.GetValue<string>() == "imp-vs-oneshot-locality")!;
            Assert.Equal("weak", oneshot["regime"]!.GetValue<string>());
            Assert.Contains("undecided in the strongly localised one", File.ReadAllText(Path.Combine(dir, "report.html")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
