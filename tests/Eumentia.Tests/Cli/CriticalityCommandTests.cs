using System.Globalization;
using Eumentia.Cli;
using Eumentia.Tests.Sweeps;

namespace Eumentia.Tests.Cli;

public class CriticalityCommandTests
{
    [Fact]
    public void TheoryPrintsTheKnownCriticalPoint()
    {
        var (code, output, _) = CliRunner.InProcess("criticality", "theory", "--activation", "tanh", "--sigma-b", "0.3", "--sigma-w", "1.2");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("critical sigma_w,c      = 1.39558", output);
        Assert.Contains("(ordered)", output);
    }

    [Fact]
    public void DropoutPrintsTheLinePerKeepAndWritesItsTablesAndFigure()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-dropout-{Guid.NewGuid():N}");
        try
        {
            var (code, output, _) = CliRunner.InProcess("criticality", "dropout", "--keeps", "0.9", "--simulate", "--offsets", "0",
                "--width", "128", "--depth", "60", "--draws", "4", "--out", dir);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("without dropout sigma_w,c = 1.395584", output);
            Assert.Contains("  0.9       0.09219    1.508566         1.459336", output);
            var rows = File.ReadAllLines(Path.Combine(dir, "dropout_line.csv"));
            Assert.Equal(2, rows.Length);
            Assert.StartsWith("keep,field_h,sigma_w_chi1,sigma_w_peak", rows[0]);
            var simulated = File.ReadAllLines(Path.Combine(dir, "dropout_simulation.csv"));
            Assert.Equal(2, simulated.Length);
            double plateau = double.Parse(simulated[1].Split(',')[3], CultureInfo.InvariantCulture);
            Assert.InRange(plateau, 0.55, 0.70); // theory 0.6238 at width ∞; 128 units and 4 draws
            Assert.True(File.Exists(Path.Combine(dir, "figures", "dropout.svg")));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void DropoutRefusesAKeepOutsideTheOpenUnitIntervalBeforeWritingAnything()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-dropout-{Guid.NewGuid():N}");
        var (code, _, error) = CliRunner.InProcess("criticality", "dropout", "--keeps", "0.9,1.5", "--out", dir);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--keeps 1.5", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
        Assert.Equal(ExitCodes.Usage, CliRunner.InProcess("criticality", "dropout", "--keeps", "0.9,x").Code);
    }

    [Fact]
    public void CostSizesEveryStageOfAPreset()
    {
        var (code, output, _) = CliRunner.InProcess("criticality", "cost", "--preset", "decide");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("| cnn1d-c32-local | 2: fine scan | 12 |", output);
        Assert.Contains("| cnn2d-c8-local | 3: ordered scan | 5 |", output);
        Assert.Contains("| **total** |", output);
        Assert.Equal(ExitCodes.Usage, CliRunner.InProcess("criticality", "cost", "--preset", "huge").Code);
    }

    [Fact]
    public void LineWritesOneCsvRowPerSigmaB()
    {
        var (code, output, _) = CliRunner.InProcess("criticality", "line", "--from", "0.1", "--to", "0.3", "--points", "3");
        Assert.Equal(ExitCodes.Ok, code);
        var rows = output.Trim().Split('\n');
        Assert.Equal(4, rows.Length);
        Assert.StartsWith("activation,sigma_b,sigma_w_c", rows[0]);
        Assert.Equal(1.39558, Math.Round(double.Parse(rows[3].Split(',')[2], CultureInfo.InvariantCulture), 5));
    }

    [Fact]
    public void TheoryAndLineWriteMachineReadableResultsWithTheirQuadratureErrors()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"eumentia-theory-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string json = Path.Combine(dir, "theory.json");
            var (code, output, _) = CliRunner.InProcess("criticality", "theory", "--activation", "erf", "--sigma-b", "1", "--json", json);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("agree to 1E-10)", output);
            using (var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)))
            {
                var c = doc.RootElement.GetProperty("critical");
                Assert.True(c.GetProperty("converged").GetBoolean());
                Assert.True(c.GetProperty("order").GetInt32() >= 192);
                Assert.InRange(c.GetProperty("sigma_w_error").GetDouble(), 0, 1e-9);
                Assert.Equal(1.64875145, Math.Round(c.GetProperty("point").GetProperty("sigma_w").GetDouble(), 8));
            }
            string csv = Path.Combine(dir, "line.csv"), lineJson = Path.Combine(dir, "line.json");
            Assert.Equal(ExitCodes.Ok, CliRunner.InProcess("criticality", "line", "--from", "0.3", "--to", "0.3", "--points", "1", "--out", csv).Code);
            var rows = File.ReadAllLines(csv);
            Assert.Contains("sigma_w_c_quadrature_error", rows[0]);
            Assert.EndsWith(",true", rows[1]);
            Assert.Equal(ExitCodes.Ok, CliRunner.InProcess("criticality", "line", "--from", "0.3", "--to", "0.3", "--points", "1", "--out", lineJson).Code);
            using var line = System.Text.Json.JsonDocument.Parse(File.ReadAllText(lineJson));
            Assert.Equal(1, line.RootElement.GetProperty("line").GetArrayLength());
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void IterateStartsAtTheRequestedCorrelation()
    {
        var (code, output, _) = CliRunner.InProcess("criticality", "iterate", "--depth", "2", "--rho0", "0.25", "--order", "32");
        Assert.Equal(ExitCodes.Ok, code);
        var rows = output.Trim().Split('\n');
        Assert.Equal(4, rows.Length);
        Assert.EndsWith(",0.25", rows[1]);
    }

    [Theory]
    [InlineData("criticality", "theory", "--activation", "swish")]
    [InlineData("criticality", "theory", "--keep", "1.5")]
    [InlineData("criticality", "iterate", "--rho0", "3")]
    [InlineData("criticality", "line", "--points", "0")]
    [InlineData("criticality", "--cnn-weights", "tied", "--out", "unused")]
    [InlineData("criticality", "--sampler", "exact", "--out", "unused")]
    public void BadInputIsAUsageErrorOnOneLine(params string[] args)
    {
        var (code, _, error) = CliRunner.InProcess(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void ABadSamplerIsNamedInTheMessage()
    {
        var (code, _, error) = CliRunner.InProcess("criticality", "--sampler", "cholesky", "--out", "unused");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("sampler 'cholesky': expected preactivations or weights", error);
        Assert.False(Directory.Exists("unused"), "a refused run must not create its output directory");
    }
}
