using System.Globalization;
using Eumentia.IO;
using Eumentia.Sweeps.Collect;
using Eumentia.Sweeps.Ledger;
using Eumentia.Sweeps.Spec;
using Eumentia.Sweeps.Workers;
using Eumentia.Sweeps;

namespace Eumentia.Tests.Sweeps.Collect;

public class CollectorTests
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    static List<Dictionary<string, string>> ReadTable(string path)
    {
        var table = CsvTable.Read(path);
        return table.Rows.Select(r => table.Headers.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    [Fact]
    public void ParquetHoldsTheSameColumnsAndValuesAsTheCsv()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: { p_eval: [0.0, 0.5], data: \"a,b\" }\ngrid: { width: [2, 4] }\nconfigs: [ {dropout: 0.1}, {fail: true} ]\n", maxAttempts: 1);
        var ledger = new RunLedger(sweep, Timeout);
        ThreadWorkers.Run(ledger, 2, new WorkerOptions(), new EventLog(), CancellationToken.None);
        var csv = Collector.Collect(ledger);
        var (code, stdout, stderr) = CliRunner.InProcess("collect", "--dir", sweep.Root, "--format", "parquet");
        Assert.True(code == 0, stderr);
        Assert.Contains("results.parquet", stdout);
        foreach (var (csvPath, parquetPath) in new[] { (csv.ResultsPath, Path.Combine(sweep.Root, "results.parquet")), (csv.MetricsPath, Path.Combine(sweep.Root, "metrics.parquet")) })
        {
            var expected = CsvTable.Read(csvPath);
            var (header, types, rows) = ParquetTable.Read(parquetPath);
            Assert.Equal(expected.Headers, header);
            Assert.Equal(expected.Rows.Count, rows.Count);
            for (int r = 0; r < rows.Count; r++)
                for (int c = 0; c < header.Length; c++)
                {
                    string text = expected.Rows[r][c];
                    object? value = rows[r][c];
                    if (text.Length == 0) Assert.Null(value);
                    else if (value is double d) Assert.Equal(double.Parse(text, CultureInfo.InvariantCulture), d);
                    else Assert.Equal(text, Convert.ToString(value, CultureInfo.InvariantCulture) is var s && value is bool ? s!.ToLowerInvariant() : s);
                }
            if (csvPath == csv.ResultsPath)
            {
                Assert.Equal(typeof(long), types[Array.IndexOf(header, "width")]);
                Assert.Equal(typeof(double), types[Array.IndexOf(header, "loss")]);
                // Text: run keys, and p_eval, whose failed runs hold the whole list ("[0,0.5]").
                Assert.DoesNotContain(types[Array.IndexOf(header, "run_key")], new[] { typeof(long), typeof(double) });
                Assert.DoesNotContain(types[Array.IndexOf(header, "p_eval")], new[] { typeof(long), typeof(double) });
            }
        }
        var bad = CliRunner.InProcess("collect", "--dir", sweep.Root, "--format", "feather");
        Assert.Equal((2, "eumentia: unknown table format 'feather' (expected csv or parquet)"), (bad.Code, bad.Err.Trim()));
    }

    [Fact]
    public void OldTrainResultNamesAreCollectedUnderTheCurrentOnes()
    {
        CliRunner.RegisterKinds();
        using var temp = new SweepTestDirectory();
        var sweep = SweepDirectory.OpenOrCreate(temp.Path_("old"), RunKinds.Get("train"), force: false, null);
        sweep.Register(SpecParser.Parse("kind: train\nfixed: { p_eval: [0, 0.2], width: 8 }\n", "spec.yaml").Expand());
        string key = sweep.RunKeys().Single();
        // result.json as versions before the column convention wrote it.
        File.WriteAllText(Path.Combine(sweep.RunDir(key), SweepDirectory.ResultFile),
            "{\"status\":\"done\",\"train_size\":7000,\"steps\":5,\"evaluations\":[" +
            "{\"p_eval\":0,\"mode\":\"mc\",\"draws\":1,\"loss\":0.25,\"loss_std_err\":0,\"accuracy\":0.9,\"accuracy_std_err\":0}," +
            "{\"p_eval\":0.2,\"mode\":\"mc\",\"draws\":4,\"loss\":0.5,\"loss_std_err\":0.01,\"accuracy\":0.8,\"accuracy_std_err\":0.02}]}");
        var report = Collector.Collect(new RunLedger(sweep, Timeout));
        var header = File.ReadLines(report.ResultsPath).First().Split(',');
        foreach (var old in new[] { "loss_std_err", "accuracy", "mode", "draws", "result_status", "result_loss", "result_eval_mode" })
            Assert.DoesNotContain(old, header);
        var rows = ReadTable(report.ResultsPath);
        Assert.Equal(["0.25", "0.5"], rows.Select(r => r["test_loss"]));
        Assert.Equal(["0", "0.01"], rows.Select(r => r["test_loss_se"]));
        Assert.Equal(["1", "4"], rows.Select(r => r["mask_draws"]));
        Assert.Equal("7000", rows[0]["train_examples"]);
        Interop.ColumnDictionary.AssertDescribes(sweep.Root);
        Assert.Equal("cross-entropy", rows[0]["loss"]); // the config's loss function, no longer beside a "loss" result
    }

    [Fact]
    public void ResultsHaveARowPerRunAndEvaluationWithEveryConfigField()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\nfixed: { p_eval: [0.0, 0.5, 0.9], data: \"a,b\" }\ngrid: { width: [2, 4] }\nconfigs: [ {dropout: 0.1}, {fail: true} ]\n", maxAttempts: 1);
        var ledger = new RunLedger(sweep, Timeout);
        ThreadWorkers.Run(ledger, 2, new WorkerOptions(), new EventLog(), CancellationToken.None);
        var report = Collector.Collect(ledger);

        var rows = ReadTable(report.ResultsPath);
        Assert.Equal(2 * 3 + 2, rows.Count); // two done runs x three p_eval, two failed runs x one row
        var header = File.ReadLines(report.ResultsPath).First().Split(',');
        Assert.Equal(["run_key", "status", "attempts", "error"], header.Take(4));
        Assert.Superset(ToyKind.Kind.Schema.Fields.Select(f => f.Name).ToHashSet(), header.ToHashSet());
        // A result column named like a config field (or status) that repeats its value says nothing new: left out.
        Assert.DoesNotContain("result_width", header);
        Assert.DoesNotContain("result_status", header);
        Assert.Contains("nested.a", header);
        foreach (var row in rows.Where(r => r["status"] == "done"))
        {
            var config = new ToyConfig { Width = int.Parse(row["width"]), Dropout = double.Parse(row["dropout"], CultureInfo.InvariantCulture) };
            double p = double.Parse(row["p_eval"], CultureInfo.InvariantCulture);
            Assert.Equal(ToyKind.Loss(config, 2) * (1 + p), double.Parse(row["loss"], CultureInfo.InvariantCulture));
            Assert.Equal("a,b", row["data"]);
        }
        Assert.Equal(["0", "0.5", "0.9"], rows.Where(r => r["status"] == "done").Select(r => r["p_eval"]).Distinct().Order());
        Assert.All(rows.Where(r => r["status"] == "failed"), r => Assert.StartsWith("toy failure", r["error"]));
        Assert.All(rows.Where(r => r["status"] == "failed"), r => Assert.Equal("[0,0.5,0.9]", r["p_eval"])); // no evaluations: the whole list
        Assert.Equal(4, rows.Select(r => r["run_key"]).Distinct().Count());

        var metrics = ReadTable(report.MetricsPath);
        Assert.Equal(2 * 2, metrics.Count); // two epochs of each done run
        Assert.Equal(["run_key", "epoch", "train_loss"], File.ReadLines(report.MetricsPath).First().Split(','));
        Assert.Equal(2, metrics.Select(m => m["run_key"]).Distinct().Count());
    }

    [Fact]
    public void PendingRunsGetARowWithoutResultsAndHalfWrittenFilesAreNotRead()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [2, 4] }\n");
        var ledger = new RunLedger(sweep, Timeout);
        // Leftovers of a killed attempt: a temporary result file and a partial metrics.csv, no result.json.
        string dir = sweep.RunDir(sweep.RunKeys()[0]);
        File.WriteAllText(Path.Combine(dir, ".result.json.123.abc.tmp"), "{\"status\": \"do");
        File.WriteAllText(Path.Combine(dir, "metrics.csv"), "epoch,train_loss\n1,0.5\n");
        var report = Collector.Collect(ledger);
        var rows = ReadTable(report.ResultsPath);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("pending", r["status"]));
        Assert.Equal(0, report.MetricRows);
    }

    [Fact]
    public void ResultsOfEveryShapeAreCollected()
    {
        using var temp = new SweepTestDirectory();
        // A result without a list of evaluations (as a criticality probe writes), a list of objects, a list of numbers.
        string[] shapes = ["{\"status\": \"done\", \"final_rho\": 0.5, \"draws\": [1, 2]}", "[{\"a\": 1}, {\"a\": 2}]", "[3, 4]"];
        var kind = RunKind.Create<ToyConfig>("toy-shapes", (config, dir, _) =>
            Eumentia.IO.AtomicFile.WriteAllText(Path.Combine(dir, SweepDirectory.ResultFile), shapes[config.Width - 1]));
        var sweep = SweepDirectory.OpenOrCreate(temp.Path_("shapes"), kind, false);
        sweep.Register(new[] { 1, 2, 3 }.Select(w => new ToyConfig { Width = w })
            .Select(c => new PlannedRun(CanonicalConfig.Key(kind, c), c, CanonicalConfig.Json(kind, c))).ToList());
        var ledger = new RunLedger(sweep, Timeout);
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), new EventLog(), CancellationToken.None);

        var rows = ReadTable(Collector.Collect(ledger).ResultsPath);
        Assert.Equal(1 + 2 + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal("done", r["status"]));
        Assert.Equal("0.5", Assert.Single(rows, r => r["width"] == "1")["final_rho"]);
        Assert.Equal("[1, 2]", Assert.Single(rows, r => r["width"] == "1")["draws"]);
        Assert.Equal(["1", "2"], rows.Where(r => r["width"] == "2").Select(r => r["a"]));
        Assert.Equal("[3, 4]", Assert.Single(rows, r => r["width"] == "3")["result"]);
    }

    [Fact]
    public void ACriticalityProbeSweepIsCollected()
    {
        using var temp = new SweepTestDirectory();
        string dir = temp.Path_("probes");
        var (code, stdout, stderr) = CliRunner.InProcess("sweep", "run", "--kind", "criticality-probe", "--set", "width=8", "--set", "depth=4",
            "--set", "pairs=2", "--set", "draws=2", "--grid", "sigma_w=1.0,1.5", "--dir", dir, "-j", "1");
        Assert.True(code == 0, stdout + stderr);
        (code, stdout, stderr) = CliRunner.InProcess("collect", "--dir", dir);
        Assert.True(code == 0, stdout + stderr);
        var rows = ReadTable(Path.Combine(dir, "results.csv"));
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(double.TryParse(r["final_rho"], CultureInfo.InvariantCulture, out _), r["final_rho"]));
    }

    [Fact]
    public void CollectReplacesTheTablesOrLeavesNone()
    {
        using var temp = new SweepTestDirectory();
        var sweep = temp.Create("kind: toy\ngrid: { width: [2, 4] }\n");
        var ledger = new RunLedger(sweep, Timeout);
        ThreadWorkers.Run(ledger, 1, new WorkerOptions(), new EventLog(), CancellationToken.None);
        var report = Collector.Collect(ledger);
        Assert.All(ReadTable(report.ResultsPath), r => Assert.Equal("done", r["status"]));

        // A result cut short is not done: the table says so instead of refusing (or keeping the old row).
        string first = sweep.RunDir(sweep.RunKeys()[0]);
        string result = Path.Combine(first, SweepDirectory.ResultFile);
        File.WriteAllText(result, File.ReadAllText(result)[..10]);
        Assert.Equal(["pending", "done"], ReadTable(Collector.Collect(ledger).ResultsPath).Select(r => r["status"]).Distinct().OrderDescending());

        // A finished run whose metrics cannot be read: collect refuses and leaves no table from before behind.
        string second = sweep.RunDir(sweep.RunKeys()[1]);
        File.WriteAllText(Path.Combine(second, "metrics.csv"), "epoch,train_loss\n\"1,0.5\n");
        var e = Assert.Throws<EumentiaException>(() => Collector.Collect(ledger));
        Assert.Contains("were removed", e.Message);
        Assert.False(File.Exists(report.ResultsPath));
        Assert.False(File.Exists(report.MetricsPath));
    }

}
