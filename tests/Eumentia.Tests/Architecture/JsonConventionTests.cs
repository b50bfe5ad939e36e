using System.Text.RegularExpressions;

namespace Eumentia.Tests.Architecture;

/// <summary>
/// One set of JSON conventions (Eumentia.IO.JsonDefaults): a second options object made from scratch would bring its
/// own naming, number and enum conventions, and files written by one part of the library would read differently in
/// another. A variant derived from the defaults (new(JsonDefaults.Options) { ... }) keeps them and is allowed.
/// </summary>
public class JsonConventionTests
{
    static readonly Regex FromScratch = new(@"new\s+JsonSerializerOptions\s*[({]|JsonSerializerOptions\s+\w+\s*(\{\s*get;\s*\}\s*)?=\s*new\s*\(\s*\)");

    [Fact]
    public void JsonOptionsAreMadeOnlyInJsonDefaults()
    {
        string src = Path.Combine(Docs.ReadmeCommandsTests.RepoRoot(), "src");
        var violations = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "JsonDefaults.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && FromScratch.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(src, l.File)}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(violations.Count == 0, "JsonSerializerOptions made outside IO/JsonDefaults.cs:\n" + string.Join("\n", violations));
    }

    [Theory]
    [InlineData("static readonly JsonSerializerOptions Json = new()")]
    [InlineData("public static JsonSerializerOptions Options { get; } = new()")]
    [InlineData("JsonSerializer.Serialize(x, new JsonSerializerOptions { WriteIndented = true })")]
    public void TheScanRecognisesOptionsMadeFromScratch(string line) => Assert.Matches(FromScratch, line);

    [Fact]
    public void TheScanAllowsVariantsOfTheDefaults() =>
        Assert.DoesNotMatch(FromScratch, "static readonly JsonSerializerOptions OldSpecJson = new(JsonDefaults.Options) { UnmappedMemberHandling = x };");
}
