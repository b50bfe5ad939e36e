using System.Reflection;

namespace Eumentia.Tests.Architecture;

/// <summary>
/// The library's layers, enforced on the compiled types: the engine (Numerics, Nets, Training, Data) knows nothing
/// of studies, sweeps or reports; the analysis knows nothing of reports (figures draw analyses, never the reverse);
/// the library knows nothing of the command line.
/// </summary>
public class LayeringTests
{
    static readonly Assembly Library = typeof(Eumentia.Studies.IStudy).Assembly;

    /// <summary>The namespaces the types of <paramref name="layer"/> use in their signatures and fields.</summary>
    static IEnumerable<(string Type, string Used)> Uses(string layer) =>
        from type in Library.GetTypes()
        where type.Namespace is { } ns && (ns == layer || ns.StartsWith(layer + ".", StringComparison.Ordinal))
        from used in Referenced(type)
        where used.Namespace is { } n && n.StartsWith("Eumentia", StringComparison.Ordinal)
        select (type.FullName!, used.Namespace!);

    static IEnumerable<Type> Referenced(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new List<Type?> { type.BaseType };
        types.AddRange(type.GetInterfaces());
        types.AddRange(type.GetFields(all).Select(f => f.FieldType));
        types.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi) types.Add(mi.ReturnType);
            types.AddRange(m.GetParameters().Select(p => p.ParameterType));
            // Locals too: a method body that news up a report is a dependency as much as a signature.
            if (m.GetMethodBody() is { } body) types.AddRange(body.LocalVariables.Select(l => l.LocalType));
        }
        return types.OfType<Type>().SelectMany(Expand);
    }

    static IEnumerable<Type> Expand(Type t)
    {
        if (t.HasElementType) return Expand(t.GetElementType()!);
        return t.IsGenericType ? [t, .. t.GetGenericArguments().SelectMany(Expand)] : [t];
    }

    [Theory]
    [InlineData("Eumentia.Analysis", "Eumentia.Reports")]
    [InlineData("Eumentia.Analysis", "Eumentia.Studies")]
    [InlineData("Eumentia.Numerics", "Eumentia.Nets")]
    [InlineData("Eumentia.Numerics", "Eumentia.Studies")]
    [InlineData("Eumentia.Nets", "Eumentia.Studies")]
    [InlineData("Eumentia.Training", "Eumentia.Studies")]
    [InlineData("Eumentia.Training", "Eumentia.Reports")]
    [InlineData("Eumentia.Sweeps", "Eumentia.Studies")]
    public void ALayerDoesNotUseTheOnesAboveIt(string layer, string above)
    {
        var violations = Uses(layer).Where(u => u.Used == above || u.Used.StartsWith(above + ".", StringComparison.Ordinal)).Distinct().ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations.Select(v => $"{v.Type} uses {v.Used}")));
    }

    /// <summary>Static calls leave no trace in signatures: the source of a layer must not name the layers above it either.</summary>
    [Theory]
    [InlineData("Analysis", "Reports")]
    [InlineData("Analysis", "Studies")]
    [InlineData("Numerics", "Studies")]
    [InlineData("Nets", "Studies")]
    [InlineData("Training", "Studies")]
    [InlineData("Sweeps", "Studies")]
    public void ALayersSourceDoesNotNameTheOnesAboveIt(string layer, string above)
    {
        string root = Path.Combine(Docs.ReadmeCommandsTests.RepoRoot(), "src", "Eumentia", layer);
        var pattern = new System.Text.RegularExpressions.Regex($@"\b(Eumentia\.)?{above}\.[A-Z]|using Eumentia\.{above}\b");
        var violations = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => !l.Text.TrimStart().StartsWith("///", StringComparison.Ordinal) && !l.Text.TrimStart().StartsWith("//", StringComparison.Ordinal) && pattern.IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}: {l.Text.Trim()}").ToList();
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void TheLibraryDoesNotReferenceTheCommandLine() =>
        Assert.DoesNotContain(Library.GetReferencedAssemblies(), a => a.Name == "Eumentia.Cli");
}
