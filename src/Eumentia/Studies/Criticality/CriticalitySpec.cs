namespace Eumentia.Studies.Criticality;

/// <summary>Random-MLP probes: the finite-width collapse at the mean-field σ_w,c and a σ_w scan at one width.</summary>
public sealed record MlpStudy
{
    /// <summary>Widths of the collapse ρ n against l / n, each run to depth DepthPerWidth · n.</summary>
    public int[] Widths { get; init; } = [32, 64, 128, 256];
    public double DepthPerWidth { get; init; } = 6;
    public int CollapseDraws { get; init; } = 256;
    public int ScanWidth { get; init; } = 256;
    public int ScanDepth { get; init; } = 1000;
    public int ScanDraws { get; init; } = 128;
    /// <summary>Relative offsets (σ_w / σ_w,c − 1) of the scan around the mean-field critical point.</summary>
    public double[] ScanOffsets { get; init; } = [-0.08, -0.05, -0.03, -0.015, 0.015, 0.03, 0.05, 0.08];
    /// <summary>Input pairs per network: one, so that the sampler applies; statistics come from more draws instead
    /// (pairs in one network share its weights, so a draw of four pairs is worth less than four draws of one).</summary>
    public int Pairs { get; init; } = 1;
    /// <summary>
    /// preactivations (the default: a layer's outputs from their exact conditional law, 3n normals per layer instead of
    /// n², see <see cref="Nets.PreActivationSampler"/>; one pair per network only) or weights (draw every weight).
    /// </summary>
    public string Sampler { get; init; } = "preactivations";

    /// <summary>The study's MLP probe at σ_w: from ρ₀ = 1 at length q₀ (the study's q* at σ_w,c).</summary>
    public ProbeConfig Probe(CriticalitySpec spec, double sigmaW, int width, int depth, int draws, double initialLength) => new()
    {
        Architecture = "mlp", Activation = spec.Activation, SigmaW = sigmaW, SigmaB = spec.SigmaB, Width = width, Depth = depth,
        Pairs = Pairs, Draws = draws, InitialRho = 1.0, InitialLength = initialLength, Seed = spec.Seed, Sampler = Sampler,
    };
}

/// <summary>
/// Random-CNN probes in one spatial dimension count (1 or 2): a coarse scan of σ_w / σ_w,c(MF) to bracket the
/// finite-channel critical point, a fine scan across the bracket, and a finite-size collapse over spatial
/// sizes at the critical point found.
/// </summary>
public sealed record CnnStudy
{
    public int Dimensions { get; init; } = 1;
    /// <summary>
    /// A suffix that tells CNNs of one architecture apart in tables and verdicts (the decide preset's channel counts:
    /// "c2" names "cnn1d-c2" and its twin "cnn1d-c2-local"); null for the one CNN of its kind. Not part of any run's key.
    /// </summary>
    public string? Tag { get; init; }
    public int Channels { get; init; } = 8;
    public int Kernel { get; init; } = 3;
    /// <summary>Linear size of the scans and of the decay: large enough that L^z is well beyond the decay window.</summary>
    public int ScanSize { get; init; } = 256;
    public double[] CoarseFactors { get; init; } = [0.9, 1.0, 1.1, 1.2, 1.3, 1.4];
    public int CoarseDepth { get; init; } = 1500;
    public int CoarseDraws { get; init; } = 12;
    /// <summary>σ_w of the fine scan, evenly spread over the bracket the coarse scan found.</summary>
    public int FinePoints { get; init; } = 8;
    public int FineDepth { get; init; } = 3000;
    public int FineDraws { get; init; } = 24;
    /// <summary>Spatial sizes of the finite-size collapse, each run to depth DepthPerSizeToZ · L^z (z of DP).</summary>
    public int[] Sizes { get; init; } = [64, 128, 256];
    public double DepthPerSizeToZ { get; init; } = 2;
    public int CollapseDraws { get; init; } = 24;
    /// <summary>
    /// Input pairs per draw. One is enough for a CNN: its many sites already average, and the draw-to-draw
    /// spread (the error bars) does not shrink with more pairs sharing the same weights.
    /// </summary>
    public int Pairs { get; init; } = 1;
    /// <summary>
    /// The decay from the fully active state at the critical point, at the scan size: δ_eff is read over
    /// [DecayFrom, WindowFraction · L^z] (z of DP), well inside the finite-size time, where a finite lattice
    /// still decays like an infinite one; the run goes √2 beyond that window's end.
    /// </summary>
    public int DecayFrom { get; init; } = 8;
    public double WindowFraction { get; init; } = 0.2;
    public int DecayDraws { get; init; } = 64;
    /// <summary>
    /// shared (one filter per layer, a standard CNN: disorder correlated over the whole lattice) or local (every
    /// site draws its own filter: disorder independent in space and depth, where DP is expected).
    /// </summary>
    public string Weights { get; init; } = "shared";
    /// <summary>
    /// How local filters are drawn: preactivations (from their exact conditional law, see <see cref="Nets.PreActivationSampler"/>;
    /// the default, 15–20× faster) or weights (every filter entry, as before); shared filters are always drawn as weights.
    /// </summary>
    public string LocalSampler { get; init; } = "preactivations";
    /// <summary>
    /// ν∥ of a locally connected CNN: σ_w = σ_c (1 − ε) for these ε below the critical point its fine scan found, each
    /// run to <see cref="OrderedDepth"/> layers with <see cref="OrderedDraws"/> draws. A local net's σ_c lies so close
    /// to mean field that the fine scan, spaced to bracket it, leaves at most one ordered σ_w near it.
    /// </summary>
    public double[] OrderedOffsets { get; init; } = [0.01, 0.02, 0.04, 0.08];
    public int OrderedDepth { get; init; } = 2000;
    public int OrderedDraws { get; init; } = 16;

    /// <summary>Whether this CNN gets the ordered-side scan for ν∥ (local filters only: a shared CNN's fine scan has its ordered σ_w).</summary>
    public bool RunsOrderedScan => ProbeConfig.ParseSharing(Weights) == WeightSharing.Local && OrderedOffsets.Length >= 2;

    /// <summary>The probes' sampler: <see cref="LocalSampler"/> for local filters, weights for shared ones.</summary>
    public string Sampler => ProbeConfig.ParseSharing(Weights) == WeightSharing.Local ? LocalSampler : "weights";

    public string Architecture => Dimensions == 2 ? "cnn2d" : "cnn1d";

    /// <summary>The study's probe of this CNN at σ_w on a lattice of <paramref name="size"/>: from ρ₀ = 1 at length q₀.</summary>
    public ProbeConfig Probe(CriticalitySpec spec, double sigmaW, int size, int depth, int draws, double initialLength) => new()
    {
        Architecture = Architecture, Weights = Weights, Sampler = Sampler, Activation = spec.Activation, SigmaW = sigmaW, SigmaB = spec.SigmaB, Width = Channels,
        Size = size, Kernel = Kernel, Depth = depth, Pairs = Pairs, Draws = draws, InitialRho = 1.0, InitialLength = initialLength, Seed = spec.Seed,
    };

    /// <summary>The name in tables and verdicts: the architecture, with -local for locally connected filters.</summary>
    public string Name => (Tag is null ? Architecture : $"{Architecture}-{Tag}") + (ProbeConfig.ParseSharing(Weights) == WeightSharing.Local ? "-local" : "");

    /// <summary>Directed percolation in this many spatial dimensions: the class the paper finds for CNNs.</summary>
    public Analysis.Collapse.AbsorbingClass DirectedPercolation =>
        Dimensions == 2 ? Analysis.Collapse.AbsorbingClass.DirectedPercolation2D : Analysis.Collapse.AbsorbingClass.DirectedPercolation1D;

    /// <summary>
    /// The classes a d-dimensional lattice can be in: mean field, DP in d+1 dimensions, and multiplicative noise in d+1
    /// dimensions where its exponents are tabulated (1+1 only: see <see cref="Analysis.Collapse.AbsorbingClass.MultiplicativeNoise1D"/>).
    /// </summary>
    public IReadOnlyList<Analysis.Collapse.AbsorbingClass> Candidates => Dimensions == 1
        ? [Analysis.Collapse.AbsorbingClass.MeanField, DirectedPercolation, Analysis.Collapse.AbsorbingClass.MultiplicativeNoise1D]
        : [Analysis.Collapse.AbsorbingClass.MeanField, DirectedPercolation];

    /// <summary>L^z of directed percolation at a linear size: the depth at which a finite lattice at σ_c dies.</summary>
    public double FiniteSizeTime(int size) => Math.Pow(size, DirectedPercolation.NuParallel / DirectedPercolation.NuPerp);

    /// <summary>
    /// The first layer of the curvature criterion: the last decade of the decay window. A locally connected net decays like
    /// mean field at first and crosses over later; over the whole window that crossover bends the log-log line at σ_c.
    /// </summary>
    public int CurvatureFrom => Math.Max(DecayFrom, WindowTo / 10);

    /// <summary>Depth of the decay run at σ_c: √2 beyond the end of its window.</summary>
    public int DecayDepth => (int)Math.Ceiling(WindowTo * Math.Sqrt(2)) + 1;

    /// <summary>Depth of the finite-size run at linear size <paramref name="size"/>: DepthPerSizeToZ · L^z.</summary>
    public int SizeDepth(int size) => (int)Math.Ceiling(DepthPerSizeToZ * FiniteSizeTime(size));

    /// <summary>The last layer of the decay window at the scan size (never beyond half the fine scan's depth).</summary>
    public int WindowTo => Math.Max(DecayFrom + 8, (int)Math.Min(FineDepth / 2, WindowFraction * FiniteSizeTime(ScanSize)));
}

/// <summary>Training near the boundary: test accuracy on a grid of (σ_w / σ_w,c, depth).</summary>
public sealed record TrainingStudy
{
    public bool Enabled { get; init; } = true;
    public string Data { get; init; } = "mnist-10k";
    public int Width { get; init; } = 64;
    public int[] Depths { get; init; } = [4, 12, 32];
    public double[] SigmaWFactors { get; init; } = [0.7, 1.0, 1.4];
    public int TrainSize { get; init; } = 2000;
    public int Epochs { get; init; } = 4;
    public double LearningRate { get; init; } = 0.01;
    public int Seeds { get; init; } = 1;
}

/// <summary>
/// The whole edge-of-chaos study. Presets: tiny (seconds, for tests), quick (minutes on two cores: small widths, few draws), standard
/// (an hour or so on a workstation), paper (a cluster: widths to 1024, long CNN runs, many draws) and decide (a cluster: the CNN
/// runs that can tell the classes apart, <see cref="Decide"/>).
/// </summary>
public sealed record CriticalitySpec
{
    public string Preset { get; init; } = "quick";
    public string Activation { get; init; } = "tanh";
    public double SigmaB { get; init; } = 0.3;
    public ulong Seed { get; init; } = 0;
    /// <summary>Gauss–Hermite order of the theory (phase diagram and exact iterations).</summary>
    public int Order { get; init; } = 48;
    /// <summary>σ_b values of the critical line.</summary>
    public double[] LineSigmaB { get; init; } = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0];
    /// <summary>Phase-diagram grid: σ_w from 0.5 to 3, σ_b from 0 to 1.</summary>
    public int PhaseGridSigmaW { get; init; } = 26;
    public int PhaseGridSigmaB { get; init; } = 11;
    /// <summary>Depth of the exact infinite-width iterations.</summary>
    public int TheoryDepth { get; init; } = 3000;
    public double[] TheoryOffsets { get; init; } = [-0.04, -0.02, -0.01, -0.005, 0.005, 0.01, 0.02, 0.04];
    public MlpStudy Mlp { get; init; } = new();
    /// <summary>The quick preset's 1-D CNN twice, with shared and with local filters: the same lattice, channels and statistics.</summary>
    public CnnStudy[] Cnns { get; init; } = WithLocalTwin([new(), new() { Dimensions = 2, ScanSize = 32, CoarseDepth = 400, CoarseDraws = 8,
        FineDepth = 600, FineDraws = 12, Sizes = [12, 16, 24, 32], CollapseDraws = 16, DecayDraws = 32 }]);
    public TrainingStudy Training { get; init; } = new();

    public static CriticalitySpec Quick { get; } = new();

    /// <summary>
    /// Seconds: widths 8 and 16, CNNs of 4 channels on 8 sites, two draws, one one-epoch training. Every stage runs and
    /// the MLP's σ_c lands near mean field; the CNNs' exponents mean nothing at this size.
    /// </summary>
    public static CriticalitySpec Tiny { get; } = new()
    {
        Preset = "tiny",
        Order = 16,
        LineSigmaB = [0.2, 0.3],
        PhaseGridSigmaW = 4,
        PhaseGridSigmaB = 3,
        TheoryDepth = 300,
        Mlp = new MlpStudy { Widths = [8, 16], DepthPerWidth = 4, CollapseDraws = 6, ScanWidth = 16, ScanDepth = 60, ScanDraws = 6, Pairs = 1,
            ScanOffsets = [-0.2, -0.1, 0.1, 0.2] },
        Cnns = WithLocalTwin([new CnnStudy { Channels = 4, ScanSize = 8, CoarseFactors = [0.8, 1.2, 1.6], CoarseDepth = 40, CoarseDraws = 2, FinePoints = 2,
            FineDepth = 60, FineDraws = 2, Sizes = [4, 6], DepthPerSizeToZ = 1, CollapseDraws = 2, Pairs = 1, OrderedDepth = 200, OrderedDraws = 2 }]),
        Training = new TrainingStudy { Width = 8, Depths = [2], SigmaWFactors = [1.0], TrainSize = 200, Epochs = 1 },
    };

    public static IReadOnlyList<string> PresetNames { get; } = ["tiny", "quick", "standard", "paper", "decide"];

    public static CriticalitySpec Standard { get; } = new()
    {
        Preset = "standard",
        Order = 64,
        PhaseGridSigmaW = 51,
        PhaseGridSigmaB = 21,
        TheoryDepth = 10000,
        Mlp = new MlpStudy { Widths = [64, 128, 256, 512], CollapseDraws = 1024, ScanWidth = 512, ScanDepth = 2000, ScanDraws = 512 },
        Cnns = WithLocalTwin(
        [
            new CnnStudy { Channels = 16, ScanSize = 512, CoarseDepth = 2000, CoarseDraws = 16, FineDepth = 4000, FineDraws = 32,
                Sizes = [64, 128, 256, 512], DepthPerSizeToZ = 1, CollapseDraws = 32, DecayDraws = 128, OrderedDepth = 4000, OrderedDraws = 32 },
            new CnnStudy { Dimensions = 2, Channels = 16, ScanSize = 64, CoarseDepth = 800, CoarseDraws = 12, FineDepth = 1000, FineDraws = 24,
                Sizes = [16, 24, 32, 48, 64], DepthPerSizeToZ = 1, CollapseDraws = 24, DecayDraws = 64, OrderedDepth = 2000, OrderedDraws = 24 },
        ]),
        Training = new TrainingStudy { Width = 128, Depths = [4, 8, 16, 32, 64], SigmaWFactors = [0.6, 0.8, 1.0, 1.2, 1.5, 2.0], TrainSize = 6000, Epochs = 10, Seeds = 2 },
    };

    public static CriticalitySpec Paper { get; } = Standard with
    {
        Preset = "paper",
        Order = 96,
        TheoryDepth = 100000,
        Mlp = new MlpStudy { Widths = [128, 256, 512, 1024], DepthPerWidth = 8, CollapseDraws = 2048, ScanWidth = 1024, ScanDepth = 8000, ScanDraws = 1024,
            ScanOffsets = [-0.04, -0.02, -0.01, -0.005, -0.0025, 0.0025, 0.005, 0.01, 0.02, 0.04] },
        Cnns = WithLocalTwin(
        [
            new CnnStudy { Channels = 32, ScanSize = 2048, CoarseDepth = 5000, CoarseDraws = 32, FineDepth = 60000, FineDraws = 64,
                FinePoints = 12, Sizes = [128, 256, 512, 1024, 2048], DepthPerSizeToZ = 1, CollapseDraws = 128, DecayDraws = 1024,
                OrderedOffsets = [0.0025, 0.005, 0.01, 0.02, 0.04], OrderedDepth = 40000, OrderedDraws = 128 },
            new CnnStudy { Dimensions = 2, Channels = 32, ScanSize = 128, CoarseDepth = 2000, CoarseDraws = 16, FineDepth = 10000, FineDraws = 64,
                FinePoints = 12, Sizes = [16, 24, 32, 48, 64, 128], DepthPerSizeToZ = 1, CollapseDraws = 128, DecayDraws = 512,
                OrderedOffsets = [0.0025, 0.005, 0.01, 0.02, 0.04], OrderedDepth = 10000, OrderedDraws = 64 },
        ]),
        Training = new TrainingStudy { Width = 256, Depths = [4, 8, 16, 32, 64, 128], SigmaWFactors = [0.5, 0.7, 0.85, 1.0, 1.15, 1.3, 1.6, 2.0], TrainSize = 0, Epochs = 20, Seeds = 4 },
    };

    /// <summary>
    /// The CNN runs that can tell directed percolation from mean field and from multiplicative noise (issue 23; a cluster:
    /// <see cref="CriticalityCost"/> sizes it). 1-D lattices of L = 8192 (L^z ≈ 1.5·10⁶ for DP, 10⁶ for MN's z = 1.53: far
    /// beyond the depth), fine scans 40,000 layers deep and decays to 10⁵ layers, at 2, 8 and 32 channels with shared and
    /// local filters: the multiplicative noise of a local net scales as √(2/C), and with 2 channels its late decay already
    /// left mean field near l ≈ 2,000 (docs/findings/criticality.md), so the crossover depth grows with C and three channel
    /// counts show whether it moves as the noise predicts. 2-D lattices of 128² (L^z ≈ 5,300 for DP 2+1) at 8 and 32
    /// channels, shared and local (the local ones sampled: 3 normals per site and channel). The MLP part is the quick
    /// preset's; no training. β and ν∥ decide between mean field and MN (1 against 1.70 and 1.53), δ between DP and the
    /// other two (0.16 or 0.45 against 1 and 1.10): δ alone cannot tell mean field from MN within the 10 % allowance.
    /// </summary>
    public static CriticalitySpec Decide { get; } = new()
    {
        Preset = "decide",
        Order = 96,
        Training = new TrainingStudy { Enabled = false },
        Cnns = WithLocalTwin(
        [
            .. new[] { 2, 8, 32 }.Select(c => new CnnStudy
            {
                Tag = $"c{c}", Channels = c, ScanSize = 8192, CoarseFactors = [0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.3], CoarseDepth = 4000, CoarseDraws = 16,
                FinePoints = 12, FineDepth = 40000, FineDraws = 64, Sizes = [512, 1024, 2048, 4096, 8192], DepthPerSizeToZ = 0.2, CollapseDraws = 64,
                DecayDraws = 256, WindowFraction = 0.07, OrderedOffsets = [0.005, 0.01, 0.02, 0.04, 0.08], OrderedDepth = 20000, OrderedDraws = 64,
            }),
            .. new[] { 8, 32 }.Select(c => new CnnStudy
            {
                Dimensions = 2, Tag = $"c{c}", Channels = c, ScanSize = 128, CoarseDepth = 1000, CoarseDraws = 12, FinePoints = 12, FineDepth = 4000,
                FineDraws = 32, Sizes = [16, 32, 64, 128], DepthPerSizeToZ = 1, CollapseDraws = 32, DecayDraws = 128,
                OrderedOffsets = [0.005, 0.01, 0.02, 0.04, 0.08], OrderedDepth = 4000, OrderedDraws = 32,
            }),
        ], twoDimensional: true),
    };

    /// <summary>
    /// The CNNs, each 1-D one followed by its locally connected twin at identical settings: the comparison that
    /// separates spatially shared disorder from the local noise DP needs. Not in 2-D except where asked (the decide preset): drawn, a local layer draws
    /// sites × taps × channels² normals, 4096 × 144 × 16 per layer at the standard 64² lattice, too many.
    /// </summary>
    static CnnStudy[] WithLocalTwin(CnnStudy[] cnns, bool twoDimensional = false) =>
        cnns.SelectMany(c => c.Dimensions == 1 || twoDimensional ? new[] { c, c with { Weights = "local" } } : [c]).ToArray();

    /// <summary>Sets every CNN's filters (shared or local), keeping the first of each name (a twin becomes its original).</summary>
    public CriticalitySpec WithCnnWeights(string weights)
    {
        _ = ProbeConfig.ParseSharing(weights);
        return this with { Cnns = Cnns.Select(c => c with { Weights = weights }).DistinctBy(c => c.Name).ToArray() };
    }

    /// <summary>
    /// Sets how MLP layers and local CNN filters are drawn (<see cref="ProbeConfig.Sampler"/>: preactivations or weights);
    /// shared filters stay drawn. A usage error names the bad value.
    /// </summary>
    public CriticalitySpec WithSampler(string sampler)
    {
        string name = sampler.ToLowerInvariant() is "preactivations" or "weights" ? sampler.ToLowerInvariant()
            : throw new UsageException($"sampler '{sampler}': expected preactivations or weights");
        return this with { Mlp = Mlp with { Sampler = name }, Cnns = Cnns.Select(c => c with { LocalSampler = name }).ToArray() };
    }

    public static CriticalitySpec ForPreset(string name) => name.ToLowerInvariant() switch
    {
        "tiny" => Tiny,
        "quick" => Quick,
        "standard" => Standard,
        "paper" => Paper,
        "decide" => Decide,
        _ => throw new UsageException($"unknown preset '{name}' (expected tiny, quick, standard, paper or decide)"),
    };
}
