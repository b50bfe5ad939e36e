using System.CommandLine;
using Eumentia.Cli.Commands;

namespace Eumentia.Cli;

public static class Program
{
    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    /// <summary>Parses and runs a command line; exit codes 0 ok, 1 runtime failure, 2 usage error.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = CreateRoot();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // "Required command was not provided" only repeats what an unknown command's own error says.
            var errors = parse.Errors.Count > 1 && parse.Errors.Any(e => e.Message.StartsWith("Unrecognized command", StringComparison.Ordinal))
                ? parse.Errors.Where(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) : parse.Errors;
            foreach (var e in errors) stderr.WriteLine($"eumentia: {e.Message}");
            stderr.WriteLine("Run 'eumentia --help' (or the command with --help) for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (Reportable(e) is { } reported)
        {
            stderr.WriteLine($"eumentia: {reported.Message}");
            return reported is UsageException ? ExitCodes.Usage : ExitCodes.Failure;
        }
    }

    /// <summary>Every command, the studies first (the order --help lists them in).</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("eumentia: a laboratory for the statistical mechanics of neural networks. " +
            "The four studies come first; each writes report.html (headline first), summary.json and figures/ into its output directory.");
        // The program is `eumentia` (./eumentia from a checkout), whatever the assembly is called.
        root.HelpName = "eumentia";
        // One file per command; each adds itself here. --help lists them in this order: the studies, then the tools.
        root.Add(PhasesCommand.Create());
        root.Add(CriticalityCommand.Create());
        root.Add(LotteryCommand.Create());
        root.Add(SubsetCommand.Create());
        root.Add(FitCommand.Create());
        root.Add(CollapseCommand.Create());
        root.Add(TrainCommand.Create());
        root.Add(EvalCommand.Create());
        root.Add(WeightsCommand.Create());
        root.Add(SweepCommand.Create());
        root.Add(CollectCommand.Create());
        root.Add(DataCommand.Create());
        root.Add(StudyCommands.Create());
        return root;
    }

    /// <summary>
    /// The error to show the user instead of a stack trace: bad input, a runtime failure they can act on, or an I/O
    /// problem, also when a parallel loop wrapped it; null for anything else (a bug, which should crash loudly).
    /// </summary>
    static Exception? Reportable(Exception e)
    {
        var candidates = e is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [e];
        return candidates.FirstOrDefault(x => x is UsageException)
            ?? candidates.FirstOrDefault(x => x is EumentiaException or IOException or UnauthorizedAccessException);
    }
}

public static class ExitCodes
{
    public const int Ok = 0, Failure = 1, Usage = 2;
}
