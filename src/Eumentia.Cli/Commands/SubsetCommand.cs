using System.CommandLine;
using System.Globalization;
using Eumentia.Nets.TeacherStudent;
using Eumentia.Studies.Subset;
using Eumentia.Studies;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia subset`: how the allocation of m learnable weights sets a student's power to match its teacher.</summary>
public static class SubsetCommand
{
    public static Command Create() => StudyCommand.Create(StudyCatalog.Get("subset"), new StudyOptions());

    /// <summary>Allocations by name or from mask files, and the solver audit on planted problems instead of the study.</summary>
    sealed class StudyOptions : IStudyOptions
    {
        readonly Option<string?> allocations = new("--allocations") { Description = "Comma-separated allocations (default: the preset's): " + string.Join(", ", Allocation.BuiltIn.Select(a => a.Name)) + "." };
        readonly Option<string[]> masks = new("--mask") { Description = "NETWORK=FILE: a user-given allocation (lines 'BLOCK ROW COLUMN'); repeatable.", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        readonly Option<int?> audit = new("--audit") { Description = "Instead of the study: N planted problems (teacher = the student with random learnable values, so a match exists) per network and allocation; prints the search's found rate, writes planted.csv into --out." };

        public IEnumerable<Option> Options => [allocations, masks, audit];

        public object Apply(ParseResult parse, object value)
        {
            var spec = (SubsetSpec)value;
            if (parse.GetValue(allocations) is string a) spec = spec with { Allocations = [.. List(a).Select(Allocation.Parse)] };
            var maskAllocations = parse.GetValue(masks)!.Select(m => Mask(m, spec)).ToArray();
            return maskAllocations.Length > 0 ? spec with { Allocations = [.. spec.Allocations, .. maskAllocations] } : spec;
        }

        public int? Instead(ParseResult parse, object spec, string dir) => parse.GetValue(audit) is int problems
            ? Audit((SubsetSpec)spec, problems >= 1 ? problems : throw new UsageException($"--audit {problems} must be at least 1"), dir, parse.InvocationConfiguration.Output)
            : null;
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
