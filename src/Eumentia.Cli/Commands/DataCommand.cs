using System.CommandLine;
using Eumentia.Data.Synthetic;
using Eumentia.Data;
using Eumentia.IO;
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
        cmd.Add(MakeCommand());
        return cmd;
    }

    /// <summary>
    /// `data make nlgp|gp`: the lottery study's synthetic inputs (Ingrosso &amp; Goldt's NLGP, or its Gaussian
    /// control) as .npy files any tool reads, with the generator's theory printed beside the sample's values.
    /// </summary>
    static Command MakeCommand()
    {
        var make = new Command("make", "Generate the lottery study's NLGP images (or their Gaussian control) as x_train.npy, y_train.npy, x_test.npy, y_test.npy; print theory beside the sample.");
        var kind = new Argument<string>("kind") { Description = "nlgp (x = erf(g z/√2)/√γ(g)) or gp (the Gaussian control with the NLGP's covariance)." };
        var spec = new NlgpSpec();
        var gain = new Option<double>("--gain") { Description = "Gain g > 0.", DefaultValueFactory = _ => spec.Gain };
        var xi0 = new Option<double>("--xi0") { Description = "Correlation length of class 0.", DefaultValueFactory = _ => spec.Xi0 };
        var xi1 = new Option<double>("--xi1") { Description = "Correlation length of class 1.", DefaultValueFactory = _ => spec.Xi1 };
        var size = new Option<int>("--size") { Description = "Side L of the torus (L sites in 1-D, L×L in 2-D).", DefaultValueFactory = _ => spec.Side };
        var dim = new Option<int>("--dim") { Description = "1 or 2.", DefaultValueFactory = _ => spec.Dimension };
        var count = new Option<int>("--n") { Description = "Training examples (half of each class).", DefaultValueFactory = _ => 4000 };
        var test = new Option<int>("--test") { Description = "Test examples (from their own noise stream).", DefaultValueFactory = _ => 2000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draw.", DefaultValueFactory = _ => 0UL };
        var covariance = new Option<string>("--control-covariance") { Description = "gp only: matched (the NLGP's output covariance) or latent.", DefaultValueFactory = _ => "matched" };
        var output = new Option<string>("--out") { Description = "Directory to write (train on it with --data npy:DIR).", Required = true };
        make.Add(kind);
        foreach (var o in new Option[] { gain, xi0, xi1, size, dim, count, test, seed, covariance, output }) make.Add(o);
        make.SetAction(parse =>
        {
            var nlgpKind = parse.GetValue(kind) switch
            {
                "nlgp" => NlgpKind.Nlgp,
                "gp" => NlgpKind.Gaussian,
                var other => throw new UsageException($"data make: unknown kind '{other}' (expected nlgp or gp)"),
            };
            var control = parse.GetValue(covariance) switch
            {
                "matched" => GaussianCovariance.Matched,
                "latent" => GaussianCovariance.Latent,
                var other => throw new UsageException($"--control-covariance '{other}': expected matched or latent"),
            };
            int n = parse.GetValue(count), nTest = parse.GetValue(test);
            if (n < 2 || nTest < 2) throw new UsageException($"--n {n} and --test {nTest} must be at least 2 (one example per class)");
            var chosen = new NlgpSpec
            {
                Kind = nlgpKind, Gain = parse.GetValue(gain), Xi0 = parse.GetValue(xi0), Xi1 = parse.GetValue(xi1), Side = parse.GetValue(size),
                Dimension = parse.GetValue(dim), ControlCovariance = control,
            };
            var generator = new NlgpGenerator(chosen);
            ulong s = parse.GetValue(seed);
            var data = generator.Load(n, 0, nTest, s);
            string dir = parse.GetValue(output)!;
            Directory.CreateDirectory(dir);
            int[] shape(int rows) => chosen.Dimension == 1 ? [rows, chosen.Side] : [rows, chosen.Side, chosen.Side];
            // Labels last: a directory is complete (y_test.npy present) only when everything else is.
            Npy.Write(Path.Combine(dir, "x_train.npy"), shape(n), data.Train.X);
            Npy.Write(Path.Combine(dir, "x_test.npy"), shape(nTest), data.Test.X);
            Npy.Write(Path.Combine(dir, "y_train.npy"), [n], data.Train.Y);
            var checks = NlgpStatistics.Compare(generator, data.Train);
            IO.AtomicFile.WriteAllText(Path.Combine(dir, "theory.json"), System.Text.Json.JsonSerializer.Serialize(new
            {
                kind = parse.GetValue(kind), gain = chosen.Gain, xi0 = chosen.Xi0, xi1 = chosen.Xi1, side = chosen.Side, dimension = chosen.Dimension,
                control_covariance = parse.GetValue(covariance), train = n, test = nTest, seed = s,
                checks = checks.Select(c => new { name = c.Name, theory = c.Theory, measured = c.Measured, measured_se = c.MeasuredSe }),
            }, JsonDefaults.Options));
            Npy.Write(Path.Combine(dir, "y_test.npy"), [nTest], data.Test.Y);
            var o = parse.InvocationConfiguration.Output;
            o.WriteLine($"wrote {dir}: x_train.npy ({string.Join("×", shape(n))}, float32), y_train.npy, x_test.npy ({string.Join("×", shape(nTest))}), y_test.npy, theory.json");
            o.WriteLine($"{"statistic (training set)",-30} {"theory",10} {"measured",10} {"± se",8} {"z",6}");
            foreach (var c in checks)
                o.WriteLine(System.FormattableString.Invariant($"{c.Name,-30} {c.Theory,10:F4} {c.Measured,10:F4} {c.MeasuredSe,8:F4} {c.Z,6:F2}"));
            return ExitCodes.Ok;
        });
        return make;
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
