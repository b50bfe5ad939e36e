using Eumentia.Nets;

namespace Eumentia.Studies.Criticality;

/// <summary>
/// φ on float spans for the probes: the vectorised training kernels where the nets have the activation, the
/// theory's float64 function element by element otherwise (sin, and any user-supplied
/// <see cref="Theory.Activation.Custom"/>) — so the networks propagate through exactly the φ the theory integrates.
/// </summary>
public static class ProbeActivation
{
    public delegate void Kernel(ReadOnlySpan<float> z, Span<float> h);

    /// <summary>The kernel of a built-in activation, by name.</summary>
    public static Kernel Parse(string name) => For(Theory.Activation.Parse(name));

    /// <summary>The kernel of <paramref name="activation"/>: a built-in one's fast path, a user one's float64 function.</summary>
    public static Kernel For(Theory.Activation activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (!IsBuiltIn(activation) || activation == Theory.Activation.Sin) return Elementwise(activation.Value);
        var net = ActivationKernels.Parse(activation.Name);
        return (z, h) => ActivationKernels.Forward(net, z, h);
    }

    /// <summary>
    /// The activation a probe of the config propagates through: <paramref name="custom"/> when given, else
    /// the built-in named by the config. A user activation must carry the config's name (the name is what the run key
    /// hashes) and a name of its own: under a built-in's name its results would pass for the built-in's.
    /// </summary>
    public static Theory.Activation Resolve(string name, Theory.Activation? custom)
    {
        if (custom is null) return registered.TryGetValue(name, out var known) ? known : Theory.Activation.Parse(name);
        if (!string.Equals(custom.Name, name, StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"the config names '{name}' but the activation supplied is '{custom.Name}'");
        if (!IsBuiltIn(custom) && Theory.Activation.BuiltIn.Any(b => string.Equals(b.Name, custom.Name, StringComparison.OrdinalIgnoreCase)))
            throw new UsageException($"a user activation may not be called '{custom.Name}', the name of a built-in one; give it a name of its own");
        return custom;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Theory.Activation> registered = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Makes a user-supplied φ known by its name to every probe this process runs: a probe run's config names its
    /// activation only by name (the name is what its key hashes), so give each function a name of its own. Runs executed
    /// by another process (a Slurm task) do not see it.
    /// </summary>
    public static void Register(Theory.Activation custom)
    {
        registered[custom.Name] = Resolve(custom.Name, custom);
    }

    static bool IsBuiltIn(Theory.Activation activation) => Theory.Activation.BuiltIn.Contains(activation);

    public static Kernel Elementwise(Func<double, double> phi) => (z, h) =>
    {
        for (int i = 0; i < z.Length; i++) h[i] = (float)phi(z[i]);
    };
}
