using System.CommandLine;
using Eumentia.Data;
using Spectre.Console;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia data list`: every data source, whether it is available, where, and its split sizes.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Data sets: see what is available and where; your own (csv:FILE, npz:FILE, npy:DIR, idx:DIR) in detail with `data info`.");
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "Directory holding data sets (the files themselves, or mnist/, fashion-mnist/, MNIST/raw, mnist-10k/ below it); default $EUMENTIA_DATA",
        };
        var list = new Command("list", "List every data source: available or not, location, train pool / validation / test counts, how to get it.");
        list.Add(dataDir);
        list.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var sources = DataSources.List(parse.GetValue(dataDir));
            if (IsInteractive(output)) WriteTable(output, sources);
            else WritePlain(output, sources);
            return ExitCodes.Ok;
        });
        cmd.Add(list);

        var info = new Command("info", "One data set in detail: where, counts, input shape, classes with their counts, SHA-256 of its files.");
        var source = new Argument<string>("source") { Description = "A built-in name (mnist-10k, mnist, fashion-mnist) or your own: csv:FILE, npz:FILE, npy:DIR, idx:DIR." };
        info.Add(source);
        info.Add(dataDir);
        info.SetAction(parse =>
        {
            var s = DataSources.Describe(parse.GetValue(source)!, parse.GetValue(dataDir));
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"data set   {s.Name}");
            o.WriteLine($"location   {s.Location}");
            o.WriteLine($"sha256     {s.Sha256}");
            o.WriteLine($"train      {s.TrainCount} examples");
            o.WriteLine($"test       {s.TestCount} examples");
            o.WriteLine($"input      {s.Rows}×{s.Cols} ({s.Rows * s.Cols} features)");
            o.WriteLine($"classes    {s.Classes}");
            o.WriteLine($"{"class",-6} {"train",8} {"test",8}");
            for (int c = 0; c < s.Classes; c++) o.WriteLine($"{c,-6} {s.TrainClassCounts[c],8} {s.TestClassCounts[c],8}");
            return ExitCodes.Ok;
        });
        cmd.Add(info);
        return cmd;
    }

    /// <summary>A live terminal gets a table; redirected output and CI get plain lines that grep and diff well.</summary>
    static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    static void WriteTable(TextWriter output, IReadOnlyList<DataSourceInfo> sources)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "data set", "available", "train pool", "validation", "test", "classes", "input", "sha256", "location" })
            table.AddColumn(header);
        foreach (var s in sources)
            table.AddRow(
                new Text(s.Name),
                new Markup(s.Available ? "[green]yes[/]" : "[red]no[/]"),
                new Text(s.TrainPool.ToString()),
                new Text(s.Validation.ToString()),
                new Text(s.Test.ToString()),
                new Text(s.Classes?.ToString() ?? "-"),
                new Text(s.Input ?? "-"),
                new Text(s.Sha256?[..12] ?? "-"),
                new Text(s.Location ?? "not found"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.Write(table);
        // The instructions are long: as paragraphs under the table they stay readable at any width.
        foreach (var s in sources.Where(s => !s.Available))
        {
            console.WriteLine();
            if (s.Problem is not null) console.Write(new Text($"{s.Name}: problem: {s.Problem}\n"));
            console.Write(new Text($"{s.Name}: to get it: {s.HowToGet}\n"));
        }
    }

    static void WritePlain(TextWriter output, IReadOnlyList<DataSourceInfo> sources)
    {
        output.WriteLine($"{"data set",-14} {"available",-9} {"train pool",10} {"validation",10} {"test",6} {"classes",7} {"input",7} {"sha256",-12}  location");
        foreach (var s in sources)
        {
            output.WriteLine($"{s.Name,-14} {(s.Available ? "yes" : "no"),-9} {s.TrainPool,10} {s.Validation,10} {s.Test,6} {s.Classes?.ToString() ?? "-",7} {s.Input ?? "-",7} {s.Sha256?[..12] ?? "-",-12}  {s.Location ?? "-"}");
            if (s.Problem is not null) output.WriteLine($"    problem: {s.Problem}");
            if (!s.Available) output.WriteLine($"    to get it: {s.HowToGet}");
        }
    }
}
