using System.CommandLine;
using System.Globalization;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Cli.Commands;

/// <summary>
/// The options `eumentia fit` and `eumentia collapse` share: which CSV, which columns mean what, which rows,
/// where the output goes, and the bootstrap's size and seed.
/// </summary>
internal sealed class AnalysisInput
{
    public Option<string> Csv { get; } = new("--csv") { Description = "Input CSV file (header row, one observation per row).", Required = true };
    public Option<string?> Size { get; } = new("--size") { Description = "Column holding the system size (N, L, width, depth ...)." };
    public Option<string> Value { get; } = new("--y", "--observable") { Description = "Column holding the observable (loss, order parameter ...).", Required = true };
    public Option<string?> Seed { get; } = new("--seed") { Description = "Column labelling replicate seeds: errors and the bootstrap come from them." };
    public Option<string?> Error { get; } = new("--error") { Description = "Column holding each value's standard error (when there are no seeds)." };
    public Option<string?> Key { get; } = new("--key") { Description = "Column of run keys, listed among the inputs of the result." };
    public Option<string[]> Where { get; } = new("--where") { Description = "Keep only rows with column=value (repeatable).", AllowMultipleArgumentsPerToken = false };
    public Option<string> Out { get; }
    public Option<int> Bootstrap { get; }
    public Option<ulong> RngSeed { get; } = new("--rng-seed") { Description = "Key of the Philox stream for bootstrap and multi-start draws.", DefaultValueFactory = _ => 1UL };

    public AnalysisInput(string defaultOut, int defaultBootstrap)
    {
        Out = new Option<string>("--out") { Description = "Output directory.", DefaultValueFactory = _ => defaultOut };
        Bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap replicates over seeds (0: none).", DefaultValueFactory = _ => defaultBootstrap };
    }

    public void AddTo(Command cmd, Option<string>? control = null)
    {
        cmd.Add(Csv); cmd.Add(Size);
        if (control is not null) cmd.Add(control);
        cmd.Add(Value); cmd.Add(Seed); cmd.Add(Error); cmd.Add(Key); cmd.Add(Where); cmd.Add(Out); cmd.Add(Bootstrap); cmd.Add(RngSeed);
    }

    /// <summary>Reads the observations; <paramref name="sizeColumn"/> replaces --size where a command decides it.</summary>
    public ObservationSet Read(ParseResult parse, string? controlColumn = null, string? sizeColumn = null)
    {
        sizeColumn ??= parse.GetValue(Size) ?? throw new UsageException("--size is required: name the column holding the system size");
        int bootstrap = parse.GetValue(Bootstrap);
        if (bootstrap < 0) throw new UsageException($"--bootstrap is {bootstrap}; it must be 0 or more");
        var table = CsvTable.Read(parse.GetValue(Csv)!);
        var columns = new ObservationColumns(sizeColumn, parse.GetValue(Value)!, controlColumn, parse.GetValue(Seed), parse.GetValue(Error), parse.GetValue(Key));
        return ObservationSet.FromCsv(table, columns, parse.GetValue(Where) ?? []);
    }

    /// <summary>The command line as typed, recorded in the outputs.</summary>
    public static string CommandLine(ParseResult parse) => "eumentia " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"\"{t.Value}\"" : t.Value));

    public static string Num(double v) => CsvTable.Format(v);

    public static string Short(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
}
