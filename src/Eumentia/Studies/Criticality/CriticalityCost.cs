using Eumentia.Sweeps;

namespace Eumentia.Studies.Criticality;

/// <summary>The probes of one stage of one architecture and what they cost (<see cref="ProbeCost"/>'s model).</summary>
public sealed record StageCost(string Architecture, string Stage, int Runs, RunCostEstimate Cost);

/// <summary>
/// What a whole criticality study costs in probes, stage by stage, before anything runs: `--plan-only` can only size the
/// first stage (the later stages' σ_w come from the earlier ones), but a probe's cost does not depend on σ_w, so every
/// stage's runs are known in size from the spec alone. Uses the same probe builders and depths as
/// <see cref="CriticalityStudy"/>; trainings are not included (the decide preset has none).
/// </summary>
public static class CriticalityCost
{
    public static IReadOnlyList<StageCost> Estimate(CriticalitySpec spec)
    {
        const double anySigmaW = 1.4, anyLength = 1.0;
        var stages = new List<StageCost>();
        void Add(string architecture, string stage, IEnumerable<ProbeConfig> configs)
        {
            var runs = configs.ToArray();
            stages.Add(new StageCost(architecture, stage, runs.Length, RunCostEstimate.Of(runs.Select(c => ((RunKind)ProbeRun.Kind, (object)c)), "")));
        }
        var mlp = spec.Mlp;
        Add("mlp", "1: finite-width collapse", mlp.Widths.Select(n => mlp.Probe(spec, anySigmaW, n, (int)Math.Ceiling(mlp.DepthPerWidth * n), mlp.CollapseDraws, anyLength)));
        Add("mlp", "1: sigma_w scan", mlp.ScanOffsets.Select(_ => mlp.Probe(spec, anySigmaW, mlp.ScanWidth, mlp.ScanDepth, mlp.ScanDraws, anyLength)));
        foreach (var cnn in spec.Cnns)
        {
            Add(cnn.Name, "1: coarse scan", cnn.CoarseFactors.Select(_ => cnn.Probe(spec, anySigmaW, cnn.ScanSize, cnn.CoarseDepth, cnn.CoarseDraws, anyLength)));
            Add(cnn.Name, "2: fine scan", Enumerable.Range(0, cnn.FinePoints).Select(_ => cnn.Probe(spec, anySigmaW, cnn.ScanSize, cnn.FineDepth, cnn.FineDraws, anyLength)));
            Add(cnn.Name, "3: decay at sigma_c", [cnn.Probe(spec, anySigmaW, cnn.ScanSize, cnn.DecayDepth, cnn.DecayDraws, anyLength)]);
            Add(cnn.Name, "3: finite-size runs", cnn.Sizes.Select(s => cnn.Probe(spec, anySigmaW, s, cnn.SizeDepth(s), cnn.CollapseDraws, anyLength)));
            if (cnn.RunsOrderedScan)
                Add(cnn.Name, "3: ordered scan", cnn.OrderedOffsets.Select(_ => cnn.Probe(spec, anySigmaW, cnn.ScanSize, cnn.OrderedDepth, cnn.OrderedDraws, anyLength)));
        }
        return stages;
    }

    /// <summary>The estimate as a Markdown table, one row per architecture and stage, with the total.</summary>
    public static string Markdown(IReadOnlyList<StageCost> stages)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder("| architecture | stage | probes | core-hours |\n|---|---|---|---|\n");
        foreach (var s in stages)
            text.Append(string.Create(c, $"| {s.Architecture} | {s.Stage} | {s.Runs} | {s.Cost.CoreSeconds / 3600:G3} |\n"));
        double total = stages.Sum(s => s.Cost.CoreSeconds) / 3600;
        text.Append(string.Create(c, $"| **total** | | {stages.Sum(s => s.Runs)} | **{total:G3}** |\n"));
        return text.ToString();
    }
}
