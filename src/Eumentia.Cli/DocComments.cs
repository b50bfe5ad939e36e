using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Eumentia.Cli;

/// <summary>
/// The library's doc comments (Eumentia.xml, written by the build beside Eumentia.dll), read so that a spec
/// record's field documentation is also the help of the option that sets it: one text, in the code.
/// </summary>
public static partial class DocComments
{
    static readonly Lazy<Dictionary<string, XElement>> members = new(Load);

    /// <summary>The summary of a property (or, for a positional record, its constructor parameter's text); null when undocumented.</summary>
    public static string? Of(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        if (members.Value.TryGetValue($"P:{Name(type)}.{property.Name}", out var p) && Text(p.Element("summary")) is { Length: > 0 } summary) return summary;
        if (members.Value.TryGetValue($"T:{Name(type)}", out var t)
            && t.Elements("param").FirstOrDefault(e => (string?)e.Attribute("name") == property.Name) is { } param)
            return Text(param);
        return null;
    }

    static string Name(Type type) => (type.FullName ?? type.Name).Replace('+', '.');

    static Dictionary<string, XElement> Load()
    {
        string path = Path.ChangeExtension(typeof(Studies.IStudy).Assembly.Location, ".xml");
        if (!File.Exists(path)) return [];
        return XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .GroupBy(m => (string)m.Attribute("name")!).ToDictionary(g => g.Key, g => g.First());
    }

    /// <summary>The text of a doc element on one line: cref and paramref by their short names, whitespace collapsed.</summary>
    static string? Text(XElement? element)
    {
        if (element is null) return null;
        // A copy: the parsed document is shared by every caller (tests read help text in parallel), so editing it
        // in place would let one reader see another's half-rewritten element.
        element = new XElement(element);
        foreach (var see in element.Descendants().Where(e => e.Name == "see" || e.Name == "paramref" || e.Name == "typeparamref").ToList())
        {
            string target = (string?)see.Attribute("cref") ?? (string?)see.Attribute("name") ?? (string?)see.Attribute("langword") ?? "";
            see.ReplaceWith(target[(target.LastIndexOfAny(['.', ':']) + 1)..]);
        }
        return Spaces().Replace(element.Value, " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
