using System.Text.Json;
using Eumentia.IO;

namespace Eumentia.Reports;

/// <summary>
/// A study's answers: <paramref name="Lines"/> in words for the report's headline box, and <paramref name="Values"/>
/// (a record of numbers with their errors) for summary.json, which holds both so a script needs nothing else.
/// </summary>
public sealed record Headline(string Study, IReadOnlyList<string> Lines, object Values)
{
    public string ToJson() => JsonSerializer.Serialize(new { study = Study, headline = Lines, values = Values }, JsonDefaults.Summary);
}
