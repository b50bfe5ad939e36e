using Eumentia.Sweeps.Spec;

namespace Eumentia.Sweeps;

/// <summary>
/// The process-wide catalogue of run kinds. Studies and commands register theirs at start-up (the CLI does it in
/// one place); the sweep machinery looks kinds up by the name stored in a spec or a run's run.json.
/// </summary>
public static class RunKinds
{
    static readonly Dictionary<string, RunKind> kinds = new(StringComparer.Ordinal);
    static readonly Lock gate = new();

    /// <summary>Registers a kind; registering the same kind object twice is harmless, a different one with the same name is an error.</summary>
    public static void Register(RunKind kind)
    {
        lock (gate)
        {
            if (kinds.TryGetValue(kind.Name, out var existing) && !ReferenceEquals(existing, kind))
            {
                if (existing.ConfigType != kind.ConfigType)
                    throw new InvalidOperationException($"run kind '{kind.Name}' is already registered with config type {existing.ConfigType.Name}");
            }
            kinds[kind.Name] = kind;
        }
    }

    public static IReadOnlyList<string> Names
    {
        get { lock (gate) return kinds.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    public static bool TryGet(string name, out RunKind kind)
    {
        lock (gate) return kinds.TryGetValue(name, out kind!);
    }

    /// <summary>The kind called <paramref name="name"/>; a usage error naming the known kinds otherwise.</summary>
    public static RunKind Get(string name)
    {
        if (TryGet(name, out var kind)) return kind;
        var names = Names;
        string known = names.Count == 0 ? "none are registered" : "known kinds: " + string.Join(", ", names);
        string hint = Suggest.Closest(name, names) is { } close ? $" (did you mean '{close}'?)" : "";
        throw new UsageException($"unknown run kind '{name}'{hint}; {known}");
    }
}
