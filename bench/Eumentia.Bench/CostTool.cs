using System.Diagnostics;
using System.Globalization;
using Eumentia.Numerics.Threading;
using Eumentia.Studies.Criticality;
using Eumentia.Studies.Lottery;
using Eumentia.Studies.Subset;
using Eumentia.Sweeps;
using Eumentia.Sweeps.Spec;
using Eumentia.Training;

namespace Eumentia.Bench;

/// <summary>
/// Calibrates and checks the run kinds' cost models (<see cref="RunCostModel"/>): runs each modelled kind at three
/// sizes on one thread, through the kind's own executor in a scratch ledger, and prints per run the model's
/// operations, the seconds (each case run once unmeasured first, so JIT compilation is not counted), the
/// seconds the model predicts, and per kind the least-squares fit seconds = per-run seconds + operations / rate,
/// the constants of <see cref="RunCostModel"/>. On loaded cores use --clock cpu (the process's CPU time).
/// </summary>
public sealed class CostTool : IBenchTool
{
    public string Name => "cost";
    public string Description => "the run kinds' cost models against measured time at three sizes each (one thread)";
    public string Usage => "[--kinds train,eval,criticality-probe,lottery-imp,subset-match,subset-mnist] [--clock wall|cpu] [--scale 1] | --presets";

    public int Run(BenchArgs args)
    {
        var kinds = args.Strings("kinds", "train,eval,criticality-probe,lottery-imp,subset-match,subset-mnist").SelectMany(k => k.Split(',')).ToHashSet();
        bool cpu = args.String("clock", "wall") switch { "wall" => false, "cpu" => true, var o => throw new ArgumentException($"--clock: '{o}' is neither wall nor cpu") };
        double scale = args.Double("scale", 1);
        bool presets = args.Flag("presets");
        args.RejectUnknown();
        if (presets) return Presets();
        Studies.StudyCatalog.RegisterRunKinds();
        string root = Path.Combine(Path.GetTempPath(), $"eumentia-cost-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        using var one = Parallelism.Limit(1);
        try
        {
            Console.WriteLine($"{"kind",-18} {"case",-34} {"operations",12} {"seconds",9} {"model s",9} {"measured/model",14}");
            int S(int v) => Math.Max(1, (int)Math.Round(v * scale));
            var trainKeys = new List<string>();
            foreach (int width in new[] { 64, 128, 256 })
            {
                var config = new TrainConfig { TrainSize = 1024, ValidationSize = 0, Width = width, Depth = 2, Epochs = 1, MinSteps = S(600), Seed = 1 };
                string key = CanonicalConfig.Key(TrainRunKind.Kind, config);
                trainKeys.Add(key);
                if (kinds.Contains("train") || kinds.Contains("eval")) Measure(TrainRunKind.Kind, config, $"784-{width}-{width}-10, {config.MinSteps} steps", root, key, cpu, kinds.Contains("train"));
            }
            if (kinds.Contains("eval"))
                foreach (var (key, width) in trainKeys.Zip(new[] { 64, 128, 256 }))
                {
                    var config = new EvalConfig { TrainKey = key, PEval = 0.5, EvalMode = "mc-noscale", EvalDraws = 4 };
                    Measure(EvalRunKind.Kind, config, $"width {width}, p 0.5, 4 draws", root, CanonicalConfig.Key(EvalRunKind.Kind, config), cpu, true);
                }
            if (kinds.Contains("criticality-probe"))
            {
                foreach (int width in new[] { 64, 128, 256 })
                    Probe(new ProbeConfig { Architecture = "mlp", Width = width, Depth = S(100), Pairs = 8, Draws = 4 }, $"mlp width {width}");
                foreach (int size in new[] { 32, 64, 128 })
                    Probe(new ProbeConfig { Architecture = "cnn1d", Width = 8, Size = size, Depth = S(100), Pairs = 1, Draws = 4 }, $"cnn1d 8 ch, {size} sites");
                foreach (int size in new[] { 8, 16, 32 })
                    Probe(new ProbeConfig { Architecture = "cnn2d", Width = 8, Size = size, Depth = S(50), Pairs = 1, Draws = 4 }, $"cnn2d 8 ch, {size}² sites");
                // Local filters through the pre-activation sampler, as the study's cnn1d-local probes run.
                foreach (int size in new[] { 64, 128, 256 })
                    Probe(new ProbeConfig { Architecture = "cnn1d", Weights = "local", Sampler = "preactivations", Width = 8, Size = size, Depth = S(100), Pairs = 1, Draws = 4 }, $"cnn1d local 8 ch, {size} sites");
            }
            if (kinds.Contains("lottery-imp"))
                // The quick preset's level (NLGP, 64 inputs, 4 000 examples, 20 epochs, probe 2 000, cavity sample 1 500) at three widths.
                foreach (int width in new[] { 32, 64, 128 })
                {
                    var config = new LotteryLevelConfig { Data = "nlgp", Width = width, Epochs = S(20), Seed = 1 };
                    Measure(LotteryRuns.Imp, config, $"nlgp 64-{width}-2 dense, {config.Epochs} epochs", root, CanonicalConfig.Key(LotteryRuns.Imp, config), cpu, true);
                }
            if (kinds.Contains("subset-match"))
                // The quick preset's search (40 budget points, 4 restarts, 48 confirmations) on three sizes of network.
                foreach (string network in new[] { "ff:2-2-2", "ff:3-3-3", "ff:4-4-4" })
                {
                    var config = new MatchJobConfig { Network = network, Allocation = "random", Restarts = 4, ConfirmRestarts = S(48), Certify = true };
                    Measure(MatchJob.Kind, config, $"{network} random, draw 0", root, CanonicalConfig.Key(MatchJob.Kind, config), cpu, true);
                }
            if (kinds.Contains("subset-mnist"))
                // The quick preset's MNIST case (4 epochs of all 8 000 training digits, half the weights learnable) at three widths.
                foreach (int hidden in new[] { 16, 32, 64 })
                {
                    var config = new MnistJobConfig { Hidden = [hidden], Allocation = "random", Budget = 392 * hidden, Epochs = S(4) };
                    Measure(MnistJob.Kind, config, $"784-{hidden}-10, {config.Epochs} epochs", root, CanonicalConfig.Key(MnistJob.Kind, config), cpu, true);
                }
            foreach (var (kind, points) in measured)
            {
                // Least squares t = a + b·ops over the kind's cases.
                double mx = points.Average(p => p.Ops), my = points.Average(p => p.Seconds);
                double sxy = points.Sum(p => (p.Ops - mx) * (p.Seconds - my)), sxx = points.Sum(p => (p.Ops - mx) * (p.Ops - mx));
                double b = sxy / sxx, a = my - b * mx;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"fit {kind,-18} seconds per run {a:F4}, rate {1 / b:G4} operations per second (model: {RunKinds.Get(kind).Cost!.SecondsPerRun:F4}, {RunKinds.Get(kind).Cost!.OperationsPerCoreSecond:G4})"));
            }
            return 0;

            void Probe(ProbeConfig config, string label) =>
                Measure(ProbeRun.Kind, config, label, root, CanonicalConfig.Key(ProbeRun.Kind, config), cpu, true);
        }
        finally { Directory.Delete(root, true); }
    }

    /// <summary>
    /// Every study preset's first stage as `--plan-only` estimates it (planned in a scratch directory), and for phases
    /// also its evaluation stage, whose runs are known in advance (every trained net at every p_eval).
    /// </summary>
    static int Presets()
    {
        Studies.StudyCatalog.RegisterRunKinds();
        string root = Path.Combine(Path.GetTempPath(), $"eumentia-cost-presets-{Environment.ProcessId}");
        try
        {
            foreach (var study in Studies.StudyCatalog.All)
                foreach (var preset in study.PresetNames)
                {
                    string dir = Path.Combine(root, $"{study.Name}-{preset}");
                    Studies.StudyRunResult result;
                    try { result = Studies.StudyRunner.Run(study, study.Preset(preset), dir, new Studies.StudyRunOptions(1, PlanOnly: true)); }
                    catch (EumentiaException e)
                    {
                        Console.WriteLine($"{study.Name,-12} {preset,-9} not planned: {e.Message}");
                        continue;
                    }
                    Console.WriteLine($"{study.Name,-12} {preset,-9} stage {result.PendingStage}: {result.PendingCost?.Describe() ?? "no runs pending"}");
                    if (study.Name == "criticality") ProbeBreakdown(dir);
                    if (study.Preset(preset) is Studies.Phases.PhasesSpec spec)
                    {
                        var train = spec.TrainingRuns().Select(r => (TrainConfig)r.Config).ToList();
                        double seconds = 0, operations = 0;
                        foreach (var config in train)
                        {
                            var shape = Data.DataSources.NominalShape(config.Data)!.Value;
                            var weights = TrainCost.Weights(shape.Features, config.Width, config.Depth, shape.Classes);
                            foreach (var p in spec.PEval)
                            {
                                double ops = TrainCost.Evaluation(shape.Test, weights, p > 0 ? spec.EvalDraws : 1);
                                operations += ops;
                                seconds += TrainCost.EvalSecondsPerRun + ops / TrainCost.EvalRate;
                            }
                        }
                        Console.WriteLine(new RunCostEstimate(train.Count * spec.PEval.Length, seconds, operations, 0).Describe() is var text
                            ? $"{study.Name,-12} {preset,-9} stage evaluation: {text}" : "");
                    }
                }
            return 0;
        }
        finally { if (Directory.Exists(root)) Directory.Delete(root, true); }
    }

    /// <summary>
    /// How the planned probes' modelled seconds split between products (GEMM), normal draws and units (activation, ρ,
    /// im2col), per architecture: <see cref="ProbeCost.Terms"/> at the fitted per-term costs. A breakdown by the
    /// measured cost of each term, not a profile.
    /// </summary>
    static void ProbeBreakdown(string dir)
    {
        var sweep = Sweeps.Ledger.SweepDirectory.Open(Path.Combine(dir, Studies.StudyDirectory.RunsFolder), false);
        var rows = new SortedDictionary<string, (double P, double N, double U, double Fixed)>(StringComparer.Ordinal);
        foreach (var key in sweep.RunKeys())
        {
            if (sweep.LoadRun(key).Config is not ProbeConfig c) continue;
            var t = ProbeCost.Terms(c);
            string name = $"{c.Architecture}{(c.LocalFilters ? "-local" : "")}{(c.SamplesPreActivations ? " (pre-activations)" : "")}";
            var r = rows.GetValueOrDefault(name);
            rows[name] = (r.P + t.Products / ProbeCost.Rate, r.N + t.Normals * ProbeCost.NormalWeight / ProbeCost.Rate,
                r.U + t.Units * ProbeCost.UnitWeight / ProbeCost.Rate, r.Fixed + ProbeCost.SecondsPerRun);
        }
        foreach (var (name, r) in rows)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    probes {name,-32} products {r.P,8:F1} s  normals {r.N,8:F1} s  units {r.U,8:F1} s  fixed {r.Fixed,6:F2} s"));
    }

    readonly Dictionary<string, List<(double Ops, double Seconds)>> measured = [];

    void Measure(RunKind kind, object config, string label, string root, string key, bool cpu, bool print)
    {
        if (!kind.Execute(config, Path.Combine(root, key + "-warm-up"), default).Succeeded) throw new InvalidOperationException($"{kind.Name} {label} failed");
        string dir = Path.Combine(root, key);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var outcome = kind.Execute(config, dir, default);
        double wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        double used = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (!outcome.Succeeded) throw new InvalidOperationException($"{kind.Name} {label} failed: {outcome.Reason}");
        if (!print) return;
        var model = kind.Cost ?? throw new InvalidOperationException($"{kind.Name} has no cost model");
        double ops = model.Operations(config, root), seconds = cpu ? used : wall, predicted = model.CoreSeconds(config, root);
        if (!measured.TryGetValue(kind.Name, out var points)) measured[kind.Name] = points = [];
        points.Add((ops, seconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind.Name,-18} {label,-34} {ops,12:G4} {seconds,9:F3} {predicted,9:F3} {seconds / predicted,14:F3}"));
    }
}
