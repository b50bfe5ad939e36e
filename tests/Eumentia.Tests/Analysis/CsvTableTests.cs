using Eumentia.Analysis;
using Eumentia.IO;

namespace Eumentia.Tests.Analysis;

public class CsvTableTests
{
    [Fact]
    public void ReadsRfc4180QuotingAndRemembersLines()
    {
        string text = "\uFEFFname,value,note\r\n\"a, b\",1.5,\"say \"\"hi\"\"\"\r\nc,2,\"two\nlines\"\n\nd,-3e-2,plain\n";
        var t = CsvTable.Parse(text, "mem.csv");
        Assert.Equal(["name", "value", "note"], t.Headers);
        Assert.Equal(3, t.Rows.Count);
        Assert.Equal("a, b", t.Rows[0][0]);
        Assert.Equal("say \"hi\"", t.Rows[0][2]);
        Assert.Equal("two\nlines", t.Rows[1][2]);
        Assert.Equal([2, 3, 6], t.Lines);
        Assert.Equal(-0.03, t.Number(2, 1));
    }

    [Fact]
    public void MissingColumnNamesTheColumnsPresent()
    {
        var t = CsvTable.Parse("N,Loss,seed\n1,2,3\n", "d.csv");
        var e = Assert.Throws<UsageException>(() => t.Column("loss", "observable"));
        Assert.Contains("no column 'loss' for the observable", e.Message);
        Assert.Contains("did you mean 'Loss'", e.Message);
        Assert.Contains("the columns present are: N, Loss, seed", e.Message);
    }

    [Theory]
    [InlineData("N,L\n1,2\n2,NaN\n", "d.csv: line 3: column 'L' is NaN")]
    [InlineData("N,L\n1,2\n2,abc\n", "d.csv: line 3: column 'L' holds 'abc', not a number")]
    [InlineData("N,L\n1,2\n2,\n", "d.csv: line 3: column 'L' is empty")]
    public void BadCellsNameLineAndColumn(string text, string message)
    {
        var t = CsvTable.Parse(text, "d.csv");
        var e = Assert.Throws<UsageException>(() => { for (int r = 0; r < t.Rows.Count; r++) t.Number(r, 1); });
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("a,b\n1,2,3\n", "line 2: 3 fields where the header has 2")]
    [InlineData("a,b\n\"1,2\n", "line 2: a quoted field is never closed")]
    [InlineData("", "the file is empty")]
    [InlineData("a,a\n1,2\n", "column 'a' appears twice")]
    public void MalformedFilesAreUsageErrors(string text, string message) =>
        Assert.Contains(message, Assert.Throws<UsageException>(() => CsvTable.Parse(text, "bad.csv")).Message);

    [Fact]
    public void WritesWhatItReadsWithDoublesAtFullPrecision()
    {
        string path = Path.Combine(Path.GetTempPath(), $"eumentia-csv-{Guid.NewGuid():N}.csv");
        try
        {
            double v = 0.1 + 0.2;
            CsvTable.Write(path, ["x", "text"], [[CsvTable.Format(v), "has, comma \"and\" quotes"]]);
            var t = CsvTable.Read(path);
            Assert.Equal(v, t.Number(0, 0));
            Assert.Equal("has, comma \"and\" quotes", t.Rows[0][1]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void RecordsRoundTripQuotesCommasAndLineBreaksAndValuesAreWrittenInvariantly()
    {
        var writer = new StringWriter();
        string[] fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", ""];
        CsvTable.WriteRecord(writer, ["a", "b", "c", "d", "e", "f"]);
        CsvTable.WriteRecord(writer, fields);
        var back = CsvTable.Parse(new StringReader(writer.ToString()), "mem.csv");
        Assert.Equal(fields, back.Rows[0]);
        Assert.Single(CsvTable.Parse("a,b\r\n1,2\r\n", "crlf.csv").Rows);
        Assert.Equal(["1", "NaN", "0.30000000000000004", "true", "", "2.5", "x"], new object?[] { 1, double.NaN, 0.1 + 0.2, true, null, 2.5f, "x" }.Select(CsvTable.Cell));
    }

    [Fact]
    public void ObservationsHonourFiltersAndRejectNonPositiveErrors()
    {
        var t = CsvTable.Parse("N,p,L,err,seed\n10,0.1,1,0.1,a\n10,0.5,2,0.1,a\n20,0.1,0.5,0.1,b\n", "d.csv");
        var data = ObservationSet.FromCsv(t, new ObservationColumns("N", "L", Seed: "seed", Error: "err"), ["p=0.1"]);
        Assert.Equal(2, data.Observations.Count);
        Assert.Equal(["a", "b"], data.SeedLabels);
        Assert.Equal(4, data.Observations[1].Line);
        var bad = CsvTable.Parse("N,L,err\n10,1,0\n", "e.csv");
        Assert.Contains("line 2: column 'err' is 0", Assert.Throws<UsageException>(() => ObservationSet.FromCsv(bad, new ObservationColumns("N", "L", Error: "err"))).Message);
        Assert.Contains("no rows match", Assert.Throws<UsageException>(() => ObservationSet.FromCsv(t, new ObservationColumns("N", "L"), ["p=0.9"])).Message);
    }
}
