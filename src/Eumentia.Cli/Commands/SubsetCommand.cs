using System.CommandLine;
using System.Globalization;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Studies.Subset;
using Eumentia.Studies;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia subset`: how the allocation of m learnable weights sets a student's power to match its teacher.</summary>
public static class SubsetCommand
{
    public static Command Create()
    {
        var cmd = new Command("subset", "Subset learning (Schlisselberg & Darshan 2025): match probability MP(A, m) of students with m learnable weights "
            + "placed by allocation A, against the Jacobian-rank theory; writes CSV/JSON tables.");
        var preset = new Option<string>("--preset") { Description = "tiny (seconds), quick (minutes), standard or paper.", DefaultValueFactory = _ => "quick" };
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
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores); results do not depend on it." };
        foreach (var o in new Option[] { preset, output, networks, allocations, masks, draws, restarts, confirmRestarts, tolerance, budgetPoints, rechecks, noMnist, dataDir, mnistSeeds, mnistEpochs, seed, audit, threads }) cmd.Add(o);
        var study = new StudyCommand();
        study.AddTo(cmd);

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
                if (parse.GetValue(mnistSeeds) is int ms) spec = spec with { Mnist = spec.Mnist with { Seeds = ms } };
                if (parse.GetValue(mnistEpochs) is int me) spec = spec with { Mnist = spec.Mnist with { Epochs = me } };
            }
            spec.Validate();

            var dir = parse.GetValue(output)!;
            var stdout = parse.InvocationConfiguration.Output;
            if (parse.GetValue(audit) is int problems)
                return Audit(spec, problems >= 1 ? problems : throw new UsageException($"--audit {problems} must be at least 1"), dir, stdout);
            return study.Run(parse, StudyCatalog.Get("subset"), spec, dir, parse.GetValue(dataDir));
        });
        return cmd;
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

    static string[] List(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static Allocation Mask(string text, SubsetSpec spec)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new UsageException($"--mask '{text}': expected NETWORK=FILE, e.g. ff:4-4-4=mask.txt");
        var network = SubsetNetwork.Parse(text[..eq], spec.Seed);
        if (!spec.Networks.Contains(network.Name)) throw new UsageException($"--mask '{text}': network {network.Name} is not among the study's networks ({string.Join(", ", spec.Networks)})");
        return MaskFile.Load(text[(eq + 1)..], network);
    }

}
