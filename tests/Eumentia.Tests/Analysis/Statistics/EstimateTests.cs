using Eumentia.Analysis.Statistics;
using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Tests.Analysis.Statistics;

public class EstimateTests
{
    [Fact]
    public void AMeanOverSeedsCarriesItsStandardErrorAndCount()
    {
        var e = Estimate.MeanOf([1, 2, double.NaN, 3, 4]);
        Assert.Equal(2.5, e.Value, 12);
        // s² = 5/3 over n = 4 finite values: s / √n = √(5/12).
        Assert.Equal(Math.Sqrt(5.0 / 12), e.Error, 12);
        Assert.Equal(4, e.N);
        Assert.Equal((2.5 - 1) / Math.Sqrt(5.0 / 12), e.Z(1), 12);
        Assert.Equal("2.50 ± 0.65 (n = 4)", e.ToString());

        var single = Estimate.MeanOf([0.7]);
        Assert.True(double.IsNaN(single.Error));
        Assert.Equal("0.7 (n = 1)", single.ToString());
        Assert.Equal(0, Estimate.MeanOf([]).N);
    }

    [Fact]
    public void AnEstimateWithoutACountReadsAsValueAndError()
    {
        Assert.Equal("n/a", Estimate.Missing.ToString());
        Assert.Equal("1.4129 ± 0.0021", new Estimate(1.41287, 0.00213).ToString());
        Assert.Equal("0.3", new Estimate(0.3, double.NaN).ToString());
        Assert.Null(new Estimate(1, 0.1).N);
        var fromReplicates = Estimate.FromReplicates(2, [1, 3, double.NaN]);
        Assert.Equal((2, Math.Sqrt(2)), (fromReplicates.Value, fromReplicates.Error));
    }

    /// <summary>A fit's parameter contains an Estimate but files show it flat, as before the types were merged.</summary>
    [Fact]
    public void AParameterEstimateIsWrittenFlat()
    {
        var p = ParameterEstimate.Build("alpha", 0.5, new ProfileInterval(0.25, 0.75, true, true, 1), null);
        Assert.Equal(0.25, p.Error);
        string json = JsonDefaults.Serialize(p);
        Assert.DoesNotContain("estimate", json);
        Assert.StartsWith("{\n  \"name\": \"alpha\",\n  \"value\": 0.5,\n  \"error\": 0.25", json.ReplaceLineEndings("\n"));
        Assert.Contains("\"error_method\": \"profile\"", json);
    }
}
