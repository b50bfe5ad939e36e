using System.CommandLine;
using Eumentia.Data;
using Spectre.Console;

namespace Eumentia.Cli.Commands;

/// <summary>`eumentia data list`: every data source, whether it is available, where, and its split sizes.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var cmd = new Command("data", "Data sets: see what is available and where.");
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
        return cmd;
    }

    /// <summary>A live terminal gets a table; redirected output and CI get plain lines that grep and diff well.</summary>
    static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected
        && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    static void WriteTable(TextWriter output, IReadOnlyList<DataSourceInfo> sources)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in new[] { "data set", "available", "train pool", "validation", "test", "location" })
            table.AddColumn(header);
        foreach (var s in sources)
            table.AddRow(
                new Text(s.Name),
                new Markup(s.Available ? "[green]yes[/]" : "[red]no[/]"),
                new Text(s.TrainPool.ToString()),
                new Text(s.Validation.ToString()),
                new Text(s.Test.ToString()),
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
        output.WriteLine($"{"data set",-14} {"available",-9} {"train pool",10} {"validation",10} {"test",6}  location");
        foreach (var s in sources)
        {
            output.WriteLine($"{s.Name,-14} {(s.Available ? "yes" : "no"),-9} {s.TrainPool,10} {s.Validation,10} {s.Test,6}  {s.Location ?? "-"}");
            if (s.Problem is not null) output.WriteLine($"    problem: {s.Problem}");
            if (!s.Available) output.WriteLine($"    to get it: {s.HowToGet}");
        }
    }
}
