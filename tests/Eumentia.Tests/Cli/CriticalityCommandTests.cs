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
    [InlineData("criticality", "run", "--cnn-weights", "tied", "--out", "unused")]
    [InlineData("criticality", "run", "--sampler", "exact", "--out", "unused")]
    public void BadInputIsAUsageErrorOnOneLine(params string[] args)
    {
        var (code, _, error) = CliRunner.InProcess(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void ABadSamplerIsNamedInTheMessage()
    {
        var (code, _, error) = CliRunner.InProcess("criticality", "run", "--sampler", "cholesky", "--out", "unused");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("sampler 'cholesky': expected preactivations or weights", error);
        Assert.False(Directory.Exists("unused"), "a refused run must not create its output directory");
    }
}
