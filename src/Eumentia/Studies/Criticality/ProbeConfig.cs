namespace Eumentia.Studies.Criticality;

/// <summary>The random networks a probe propagates signals through.</summary>
public enum Architecture { Mlp, Cnn1d, Cnn2d }

/// <summary>
/// How a CNN layer's filters are drawn. Shared: one filter per layer applied at every site (a standard CNN), so
/// the layer's random gain hits the whole lattice at once — disorder correlated in space. Local: every site draws
/// its own filter and bias (a locally connected net), same fan-in and variance, so the same mean-field map,
/// but disorder independent from site to site as well as from layer to layer.
/// </summary>
public enum WeightSharing { Shared, Local }

/// <summary>
/// One signal-propagation experiment: random networks of a given architecture at (σ_w, σ_b), each weight
/// draw propagating <see cref="Pairs"/> input pairs of length q₀ and correlation 1 − ρ₀ through
/// <see cref="Depth"/> layers, h^{l+1} = W^{l+1} φ(h^l) + b^{l+1}. For CNNs, <see cref="Width"/> is the
/// number of channels, the layer a periodic convolution over <see cref="Size"/> (per dimension) positions with
/// a <see cref="Kernel"/>-wide (or square) filter, W ~ N(0, σ_w² / (channels · kernel taps)).
/// Its canonical form is a run's identity: new fields must default to what the code did before.
/// </summary>
public sealed record ProbeConfig : Sweeps.Spec.IValidatable
{
    /// <summary>mlp, cnn1d or cnn2d.</summary>
    public string Architecture { get; init; } = "mlp";
    /// <summary>A built-in activation, or the name of the user-supplied one passed to <see cref="SignalProbe.Run"/>.</summary>
    public string Activation { get; init; } = "tanh";
    public double SigmaW { get; init; } = 1.39558;
    public double SigmaB { get; init; } = 0.3;
    /// <summary>MLP width n, or CNN channels.</summary>
    public int Width { get; init; } = 256;
    /// <summary>CNN positions per spatial dimension (ignored for MLPs).</summary>
    public int Size { get; init; } = 64;
    /// <summary>CNN filter width per dimension, odd (ignored for MLPs).</summary>
    public int Kernel { get; init; } = 3;
    public int Depth { get; init; } = 1000;
    /// <summary>Input pairs per weight draw (they share the weights).</summary>
    public int Pairs { get; init; } = 8;
    /// <summary>Independent weight draws: the statistical samples behind the error bars.</summary>
    public int Draws { get; init; } = 16;
    /// <summary>ρ₀ = 1 − c₀ of each input pair (per position for CNNs).</summary>
    public double InitialRho { get; init; } = 0.5;
    /// <summary>q₀: squared length per unit (per channel) of each input.</summary>
    public double InitialLength { get; init; } = 1.0;
    /// <summary>Dropout keep probability on hidden units (independent masks per input); 1 = none.</summary>
    public double Keep { get; init; } = 1.0;
    /// <summary>CNN filters: shared (one per layer, a standard CNN) or local (one per site and layer); ignored for MLPs.</summary>
    public string Weights { get; init; } = "shared";
    /// <summary>
    /// How a layer whose weights no two sites share (an MLP, or weights: local) is drawn: weights (every filter entry) or
    /// preactivations (the pre-activations straight from their exact Gaussian law given the layer below — the same
    /// distribution, far fewer normals: see <see cref="PreActivationSampler"/>). Shared CNN filters have only weights.
    /// </summary>
    public string Sampler { get; init; } = "weights";
    public ulong Seed { get; init; } = 0;

    public Architecture Kind => ParseArchitecture(Architecture);

    /// <summary>Spatial dimensions: 0 for MLPs.</summary>
    public int Dimensions => Kind switch { Criticality.Architecture.Cnn1d => 1, Criticality.Architecture.Cnn2d => 2, _ => 0 };

    /// <summary>Positions per network (1 for MLPs).</summary>
    public int Sites => Dimensions == 0 ? 1 : (int)Math.Pow(Size, Dimensions);

    /// <summary>Filter taps per output (1 for MLPs).</summary>
    public int Taps => Dimensions == 0 ? 1 : (int)Math.Pow(Kernel, Dimensions);

    public WeightSharing Sharing => ParseSharing(Weights);

    /// <summary>Whether each site of a CNN draws its own filter (never for an MLP: one site).</summary>
    public bool LocalFilters => Dimensions > 0 && Sharing == WeightSharing.Local;

    /// <summary>Whether layers are sampled as pre-activations (true) or through drawn weights.</summary>
    public bool SamplesPreActivations => Sampler.ToLowerInvariant() switch
    {
        "weights" => false,
        "preactivations" => true,
        _ => throw new UsageException($"'{Sampler}' is neither weights nor preactivations"),
    };

    public static WeightSharing ParseSharing(string name) => name.ToLowerInvariant() switch
    {
        "shared" => WeightSharing.Shared,
        "local" => WeightSharing.Local,
        _ => throw new UsageException($"'{name}' is neither shared nor local"),
    };

    public static Architecture ParseArchitecture(string name) => name.ToLowerInvariant() switch
    {
        "mlp" => Criticality.Architecture.Mlp,
        "cnn1d" => Criticality.Architecture.Cnn1d,
        "cnn2d" => Criticality.Architecture.Cnn2d,
        _ => throw new UsageException($"unknown architecture '{name}' (expected mlp, cnn1d or cnn2d)"),
    };

    IEnumerable<Sweeps.Spec.ConfigError> Sweeps.Spec.IValidatable.Validate() =>
        Validate().Select(message => new Sweeps.Spec.ConfigError(message.Split(' ', ':')[0], message));

    /// <summary>
    /// Every problem with the values, each naming its key; empty when valid. <paramref name="activation"/>: the
    /// user-supplied φ the probe will run with, if any (see <see cref="ProbeActivation.Resolve"/>).
    /// </summary>
    public IReadOnlyList<string> Validate(Theory.Activation? activation = null)
    {
        var errors = new List<string>();
        void Check(bool ok, string message) { if (!ok) errors.Add(message); }
        try { _ = Kind; } catch (UsageException e) { errors.Add($"architecture: {e.Message}"); }
        try { _ = Sharing; } catch (UsageException e) { errors.Add($"weights: {e.Message}"); }
        try
        {
            if (SamplesPreActivations && Dimensions > 0 && Sharing != WeightSharing.Local)
                errors.Add("sampler: preactivations needs weights that no two sites share (an MLP, or weights: local); shared filters are drawn as weights");
            // Several pairs share one network, so their pre-activations must be sampled jointly; in the ordered phase
            // every input merges with every other, that joint factor becomes singular, and ρ (measured: an MLP of
            // width 512 with 8 pairs) climbed back from 1e-8 to 0.04 where drawn weights decay to 1e-11.
            if (SamplesPreActivations && Pairs != 1)
                errors.Add($"sampler: preactivations samples one pair per network (pairs = {Pairs}); with several pairs the inputs' joint law loses ρ's precision once they merge — use pairs: 1 or sampler: weights");
        }
        catch (UsageException e) { errors.Add($"sampler: {e.Message}"); }
        try { ProbeActivation.Resolve(Activation, activation); } catch (UsageException e) { errors.Add($"activation: {e.Message}"); }
        Check(SigmaW > 0 && double.IsFinite(SigmaW), $"sigma_w = {SigmaW} must be positive");
        Check(SigmaB >= 0 && double.IsFinite(SigmaB), $"sigma_b = {SigmaB} must be ≥ 0");
        Check(Width >= 2, $"width = {Width} must be ≥ 2 (a pair needs two directions)");
        Check(Depth >= 1, $"depth = {Depth} must be ≥ 1");
        Check(Depth < 1 << 25, $"depth = {Depth} must be below {1 << 25}");
        Check(Pairs >= 1, $"pairs = {Pairs} must be ≥ 1");
        Check(Draws >= 2, $"draws = {Draws} must be ≥ 2 (errors come from their spread)");
        Check(InitialRho is > 0 and <= 2, $"initial_rho = {InitialRho} is outside (0, 2]");
        Check(InitialLength > 0 && double.IsFinite(InitialLength), $"initial_length = {InitialLength} must be positive");
        Check(Keep is > 0 and <= 1, $"keep = {Keep} is outside (0, 1]");
        if (Architecture.ToLowerInvariant() is "cnn1d" or "cnn2d")
        {
            Check(Kernel >= 1 && Kernel % 2 == 1, $"kernel = {Kernel} must be odd and positive");
            Check(Size >= Kernel, $"size = {Size} must be at least the kernel ({Kernel})");
        }
        return errors;
    }
}
