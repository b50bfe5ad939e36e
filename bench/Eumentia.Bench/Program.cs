using System.Globalization;
using System.Text.Json;

namespace Eumentia.Bench;

/// <summary>
/// Eumentia's benchmark harness: `dotnet run -c Release --project bench/Eumentia.Bench -- &lt;workload&gt; [flags]`.
/// Each workload prints one line per case as it is measured and, at the end, one line "JSON [...]" with every
/// record, for bench/compare.sh to pair with the peer's figures. `kernels` hands over to BenchmarkDotNet.
/// </summary>
public static class Program
{
    static readonly IWorkload[] Workloads = [new GemmWorkload(), new GemmMlpWorkload(), new DropoutWorkload(), new KernelWorkload(), new TrainWorkload(), new EnsembleWorkload(), new StepProfileWorkload(), new GemmPlansWorkload(), new GemmLockstepWorkload(), new CollapseCoverageWorkload(), new CnnProbeWorkload()];
    static readonly IBenchTool[] Tools = [new DataSplitTool(), new PhasesAgreeTool(), new CriticalityAgreeTool(), new LotteryAgreeTool(), new CnnProbeCheckTool(), new CostTool()];

    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "kernels")
        {
            BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
            return 0;
        }
        if (args.Length > 0 && Tools.FirstOrDefault(t => t.Name == args[0]) is { } tool)
        {
            try { return tool.Run(new BenchArgs(args[1..])); }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"Eumentia.Bench {tool.Name}: {e.Message}");
                return 2;
            }
        }
        var workload = args.Length > 0 ? Workloads.FirstOrDefault(w => w.Name == args[0]) : null;
        if (workload is null)
        {
            Console.Error.WriteLine("usage: Eumentia.Bench <workload> [flags]");
            foreach (var w in Workloads) Console.Error.WriteLine($"  {w.Name,-14} {w.Description}\n  {"",-14} {w.Usage}");
            foreach (var t in Tools) Console.Error.WriteLine($"  {t.Name,-14} {t.Description}\n  {"",-14} {t.Usage}");
            Console.Error.WriteLine($"  {"kernels",-14} BenchmarkDotNet micro-benchmarks (BenchmarkDotNet's own flags)");
            return args.Length == 0 || args[0] is "-h" or "--help" ? 0 : 2;
        }
        var records = new List<BenchRecord>();
        try
        {
            var flags = new BenchArgs(args[1..]);
            Timing.UseCpuTime = flags.String("clock", "wall") switch
            {
                "wall" => false,
                "cpu" => true,
                var other => throw new ArgumentException($"--clock: '{other}' is neither wall nor cpu"),
            };
            foreach (var r in workload.Run(flags))
            {
                records.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Workload} {r.Case} median={r.Rate.Median:F2} {r.Unit}  min={r.Rate.Min:F2} max={r.Rate.Max:F2} (inner={r.Rate.Inner}, reps={r.Rate.Reps})"));
            }
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Eumentia.Bench: {e.Message}");
            return 2;
        }
        Console.WriteLine("JSON " + JsonSerializer.Serialize(records.Select(r => new
        {
            workload = r.Workload, @case = r.Case, unit = r.Unit, median = r.Rate.Median, min = r.Rate.Min, max = r.Rate.Max,
        })));
        return 0;
    }
}
