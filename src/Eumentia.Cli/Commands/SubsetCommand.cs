using Eumentia.Nets.TeacherStudent;
using System.CommandLine;
using System.Globalization;
using Eumentia.Reports;
using Eumentia.Studies.Subset;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia subset`: how the allocation of m learnable weights sets a student's power to match its teacher.</summary>
public static class SubsetCommand
{
    public static Command Create()
    {
        var cmd = new Command("subset", "Subset learning (Schlisselberg & Darshan 2025): match probability MP(A, m) of students with m learnable weights "
            + "placed by allocation A, against the Jacobian-rank theory; writes CSV/JSON tables.");
        var preset = new Option<string>("--preset") { Description = "quick (minutes), standard or paper.", DefaultValueFactory = _ => "quick" };
        var output = new Option<string>("--out") { Description = "Directory to write.", DefaultValueFactory = _ => "runs/subset" };
        var networks = new Option<string?>("--networks") { Description = "Comma-separated networks, e.g. ff:4-4-4,rnn:1-4-1,relu:3-4-1 (default: the preset's)." };
        var allocations = new Option<string?>("--allocations") { Description = "Comma-separated allocations (default: all nine built-in): " + string.Join(", ", Allocation.BuiltIn.Select(a => a.Name)) + "." };
        var masks = new Option<string[]>("--mask") { Description = "NETWORK=FILE: a user-given allocation (lines 'BLOCK ROW COLUMN'); repeatable.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var draws = new Option<int?>("--draws") { Description = "Independent draws per point (default: the preset's)." };
        var restarts = new Option<int?>("--restarts") { Description = "Random restarts of the matching search (default: the preset's)." };
        var confirmRestarts = new Option<int?>("--confirm-restarts") { Description = "Homotopy restarts (each with a long descent as fallback) spent on a full-rank student before it counts as unmatched (default: the preset's; more find more of the small-basin solutions at m = D)." };
        var tolerance = new Option<double?>("--tolerance") { Description = "Relative residual below which a student matches (default 1e-8)." };
        var budgetPoints = new Option<int?>("--budget-points") { Description = "Budgets m per curve when a network has more weights than this (default: the preset's)." };
        var rechecks = new Option<int?>("--rechecks") { Description = "Full-rank failures per network searched again 20x longer (default: the preset's)." };
        var noMnist = new Option<bool>("--no-mnist") { Description = "Skip the MNIST case." };
        var dataDir = new Option<string?>("--data-dir") { Description = "Directory holding the MNIST case's data set (else EUMENTIA_DATA or the default place)." };
        var mnistSeeds = new Option<int?>("--mnist-seeds") { Description = "Random networks per MNIST point (default: the preset's)." };
        var mnistEpochs = new Option<int?>("--mnist-epochs") { Description = "Training epochs of the MNIST case (default: the preset's)." };
        var seed = new Option<ulong>("--seed") { Description = "Root seed of every draw.", DefaultValueFactory = _ => 1 };
        var audit = new Option<int?>("--audit") { Description = "Instead of the study: N planted problems (teacher = the student with random learnable values, so a match exists) per network and allocation; prints the search's found rate, writes planted.csv." };
        var shard = new Option<string?>("--shard") { Description = "I/N: run only the matching jobs I, I+N, I+2N, ... (0 <= I < N) into the ledger of --out, e.g. one Slurm array task each; a later run without --shard reads every shard's ledger and finishes the study." };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it." };
        foreach (var o in new Option[] { preset, output, networks, allocations, masks, draws, restarts, confirmRestarts, tolerance, budgetPoints, rechecks, noMnist, dataDir, mnistSeeds, mnistEpochs, seed, audit, shard, threads }) cmd.Add(o);

        cmd.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int t) Numerics.Threading.Parallelism.MaxThreads = t >= 1 ? t : throw new UsageException($"--threads {t} must be at least 1");
            var spec = SubsetSpec.Preset(parse.GetValue(preset)!) with { Seed = parse.GetValue(seed) };
            if (parse.GetValue(networks) is string n) spec = spec with { Networks = List(n) };
            if (parse.GetValue(allocations) is string a) spec = spec with { Allocations = [.. List(a).Select(Allocation.Parse)] };
            var maskAllocations = parse.GetValue(masks)!.Select(m => Mask(m, spec)).ToArray();
            if (maskAllocations.Length > 0) spec = spec with { Allocations = [.. spec.Allocations, .. maskAllocations] };
            if (parse.GetValue(draws) is int d) spec = spec with { Draws = d };
            if (parse.GetValue(budgetPoints) is int b) spec = spec with { MaxBudgetPoints = b };
            if (parse.GetValue(rechecks) is int rc) spec = spec with { Rechecks = rc };
            if (parse.GetValue(restarts) is int r) spec = spec with { Match = spec.Match with { Restarts = r } };
            if (parse.GetValue(confirmRestarts) is int cr)
                spec = spec with { Match = spec.Match with { ConfirmRestarts = cr >= 0 ? cr : throw new UsageException($"--confirm-restarts {cr} must be at least 0") } };
            if (parse.GetValue(tolerance) is double tol) spec = spec with { Match = spec.Match with { Tolerance = tol } };
            if (parse.GetValue(noMnist)) spec = spec with { Mnist = null };
            if (spec.Mnist is not null)
            {
                spec = spec with { Mnist = spec.Mnist with { DataDir = parse.GetValue(dataDir) } };
                if (parse.GetValue(mnistSeeds) is int ms) spec = spec with { Mnist = spec.Mnist with { Seeds = ms } };
                if (parse.GetValue(mnistEpochs) is int me) spec = spec with { Mnist = spec.Mnist with { Epochs = me } };
            }
            spec.Validate();

            var dir = parse.GetValue(output)!;
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(shard) is string sh)
                return Shard(spec, ParseShard(sh), dir, stdout);
            if (parse.GetValue(audit) is int problems)
                return Audit(spec, problems >= 1 ? problems : throw new UsageException($"--audit {problems} must be at least 1"), dir, stdout);
            var results = ProgressOutput.Run(stdout, "subset", report => SubsetStudy.Run(spec, dir, report));
            Summarise(results, stdout);
            if (results.Mnist is not null) SummariseMnist(results.Mnist, stdout);
            stdout.WriteLine($"done in {results.Seconds:F1} s; wrote {dir}/report.html, subset.json and the CSV tables beside it");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out int i) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int n) && n >= 1 && i >= 0 && i < n)
            return (i, n);
        throw new UsageException($"--shard '{text}': expected I/N with 0 <= I < N, e.g. 3/16");
    }

    static int Shard(SubsetSpec spec, (int Index, int Count) shard, string dir, TextWriter o)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ledger = Path.Combine(dir, "ledger", MatchStudy.LedgerName(spec, shard));
        var r = ProgressOutput.Run(o, $"subset shard {shard.Index}/{shard.Count}",
            report => MatchStudy.Run(spec, (done, total) => report(done, total, $"matching: {done}/{total} jobs of this shard"), default, ledger, shard));
        o.WriteLine($"shard {shard.Index}/{shard.Count} done in {clock.Elapsed.TotalSeconds:F1} s ({r.Outcomes.Count} outcomes in the ledgers so far); "
            + $"when every shard is done, run the same command without --shard to finish the study in {dir}");
        return ExitCodes.Ok;
    }

    static int Audit(SubsetSpec spec, int problems, string dir, TextWriter o)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var rows = ProgressOutput.Run(o, "subset audit", report => SolverAudit.Run(spec, problems));
        Directory.CreateDirectory(dir);
        Analysis.RecordCsv.Write(Path.Combine(dir, "planted.csv"), rows);
        foreach (var s in SolverAudit.Summarise(rows))
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{s.Network,-14} planted solution found in {s.Found}/{s.Problems} = {s.FoundFraction:P1} [{s.WilsonLower:P1}, {s.WilsonUpper:P1}] (full rank: {s.FullRankFound}/{s.FullRankProblems})"));
        o.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s; wrote {dir}/planted.csv");
        return ExitCodes.Ok;
    }

    static void SummariseMnist(MnistSubsetResult m, TextWriter o)
    {
        o.WriteLine($"MNIST, {m.Network} ({m.Weights} weights), mean test accuracy over {m.Spec.Seeds} seeds:");
        var budgets = m.Curves.Select(c => c.Budget).Distinct().Order().ToArray();
        TerminalTable.Write(o, null, ["allocation", .. budgets.Select(b => $">m = {b}")],
            m.Spec.Allocations.Select(a => (IReadOnlyList<string>)[a.Name, .. budgets.Select(b => m.Curves.FirstOrDefault(c => c.Allocation == a.Name && c.Budget == b) is { } c
                ? string.Create(CultureInfo.InvariantCulture, $"{c.TestAccuracy:P1}") : "–")]));
    }

    static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static Allocation Mask(string text, SubsetSpec spec)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"--mask '{text}': expected NETWORK=FILE, e.g. ff:4-4-4=mask.txt");
        var network = SubsetNetwork.Parse(text[..eq], spec.Seed);
        if (!spec.Networks.Contains(network.Name)) throw new UsageException($"--mask '{text}': network {network.Name} is not among the study's networks ({string.Join(", ", spec.Networks)})");
        return MaskFile.Load(text[(eq + 1)..], network);
    }

    /// <summary>One line per network and allocation: where MP crosses 1/2, how sharp, and what theory says.</summary>
    static void Summarise(SubsetResults r, TextWriter o)
    {
        foreach (var net in r.Matching.Networks)
        {
            o.WriteLine($"{net.Network}: {net.Weights} weights, {net.Equations} equations, D = {net.IndependentEquations} independent");
            TerminalTable.Write(o, null, ["allocation", ">m(MP = ½)", ">width 0.1→0.9", ">rank theory m(½)", ">MP(all)", "disagreements"],
                r.Transitions.Where(t => t.Network == net.Network).Select(t => (IReadOnlyList<string>)[t.Allocation, Value(t.Match.M50, t.Match.M50Se), SubsetReport.Width(t.Match),
                    double.IsFinite(t.RankM50) ? t.RankM50.ToString("F1", CultureInfo.InvariantCulture) : "–", t.FullBudgetMatchProbability.ToString("F2", CultureInfo.InvariantCulture),
                    $"{t.FullRankUnmatched} full-rank unmatched, {t.DeficientMatched} deficient matched"]));
            var agreement = SubsetOutputs.Agreement(r).First(a => a.Network == net.Network);
            if (agreement.Rechecked > 0)
                o.WriteLine($"  recheck: a 20x longer search matched {agreement.RecheckFound} of {agreement.Rechecked} sampled full-rank failures (of {agreement.FullRankUnmatched})");
            foreach (var p in r.Probabilities.Where(p => p.Network == net.Network && p.Allocation.StartsWith("mask:", StringComparison.Ordinal)))
                o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {p.Allocation,-22} m = {p.Budget}: MP = {p.MatchProbability:F2} [{p.WilsonLower:F2}, {p.WilsonUpper:F2}], full rank in {p.FullRankFraction:P0} of draws ({p.Verdict})"));
        }
    }

    static string Value(double x, double err) => double.IsFinite(x) ? Axis.WithError(x, err) : "out of range";

}
