using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Eumentia.Analysis.Statistics;
using Eumentia.IO;
using Eumentia.Studies.Criticality;
using Eumentia.Theory;

namespace Eumentia.Bench;

/// <summary>
/// Whether a peer's criticality study (bench/peer/criticality_study.py) gives Eumentia's answers: both sides' probe
/// curves (ours: the study directory's criticality-probe runs; the peer's: probes.json and its .npy files) go through
/// Eumentia's own analysis with the study's windows — the MLP σ_w scan (<see cref="ScanAnalysis"/>), the MLP
/// finite-width collapse (<see cref="FiniteSizeCollapse"/>) and every CNN's fine scan with its adopted critical point
/// (<see cref="AdoptedCriticalPoint"/>), then each CNN's stage 3 at the σ_w its side ran it (the decay's δ, the
/// finite-size collapse, β and ν∥: <see cref="StageThree"/>) — and the tool prints each quantity with its bootstrap error on both sides and
/// z = (ours − peer) / √(err_ours² + err_peer²). Where both sides ran the same σ_w (the MLP probes, the CNN coarse scans)
/// it also compares the mean ρ_l at log-spaced layers above the analysis floor, z over the draws' standard errors. Independent random streams
/// make z scatter like a standard normal; a systematic |z| ≫ 2 on σ_c is a disagreement.
/// </summary>
public sealed class CriticalityAgreeTool : IBenchTool
{
    public string Name => "criticality-agree";
    public string Description => "sigma_c, exponents and curves of a peer's criticality probes against Eumentia's, z-scores";
    public string Usage => "--ours runs/criticality-quick --peer peer-criticality [--preset quick] [--bootstrap 200] [--max-z 3]";

    public int Run(BenchArgs args)
    {
        string ours = args.String("ours", ""), peer = args.String("peer", ""), preset = args.String("preset", "quick");
        int bootstrap = args.Int("bootstrap", 200);
        double maxZ = args.Double("max_z", 3);
        args.RejectUnknown();
        if (!Directory.Exists(Path.Combine(ours, "runs"))) throw new ArgumentException($"--ours {ours}: no study directory (runs/ is missing)");
        if (!File.Exists(Path.Combine(peer, "probes.json"))) throw new ArgumentException($"--peer {peer}: no probes.json there");
        if (bootstrap < 2) throw new ArgumentException($"--bootstrap {bootstrap} must be ≥ 2");
        CriticalitySpec spec;
        try { spec = CriticalitySpec.ForPreset(preset); }
        catch (UsageException e) { throw new ArgumentException(e.Message); }
        var comparison = Compare(spec, LoadOurs(ours), LoadPeer(peer), bootstrap);
        Console.Write(comparison.Report());
        return comparison.WorstSigmaCZ <= maxZ ? 0 : 1;
    }

    /// <summary>One quantity on both sides (value ± error) and its z.</summary>
    public sealed record Row(string Architecture, string Quantity, Estimate Ours, Estimate Peer)
    {
        public double Z => (Ours.Value - Peer.Value) / Math.Sqrt(Sq(Ours.Error) + Sq(Peer.Error));
        static double Sq(double e) => double.IsFinite(e) ? e * e : 0;
    }

    /// <summary>z of the mean ρ_l at equal σ_w, per probe set: (set, points, mean z, RMS z, share of |z| &gt; 2).</summary>
    public sealed record CurveAgreement(string Set, int Points, double MeanZ, double RmsZ, double BeyondTwo);

    public sealed record Comparison(IReadOnlyList<Row> Rows, IReadOnlyList<CurveAgreement> Curves)
    {
        /// <summary>The largest |z| of the critical points compared (0 when none could be).</summary>
        public double WorstSigmaCZ => Rows.Where(r => r.Quantity.StartsWith("sigma_c", StringComparison.Ordinal) && double.IsFinite(r.Z))
            .Select(r => Math.Abs(r.Z)).DefaultIfEmpty(0).Max();

        public string Report()
        {
            var s = new StringBuilder();
            string F(Estimate e) => double.IsFinite(e.Value) ? string.Create(CultureInfo.InvariantCulture, $"{e.Value:G5} ± {e.Error:G2}") : "-";
            s.AppendLine("| architecture | quantity (Eumentia's analysis on both sides' curves) | Eumentia | peer | z |");
            s.AppendLine("|---|---|---:|---:|---:|");
            foreach (var r in Rows)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Architecture} | {r.Quantity} | {F(r.Ours)} | {F(r.Peer)} | {(double.IsFinite(r.Z) ? r.Z.ToString("F2", CultureInfo.InvariantCulture) : "-")} |"));
            s.AppendLine();
            s.AppendLine("| curves at equal sigma_w | points (sigma_w x layer) | mean z | RMS z | abs(z) > 2 |");
            s.AppendLine("|---|---:|---:|---:|---:|");
            foreach (var c in Curves)
                s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {c.Set} | {c.Points} | {c.MeanZ:F2} | {c.RmsZ:F2} | {100 * c.BeyondTwo:F0} % |"));
            s.AppendLine(string.Create(CultureInfo.InvariantCulture, $"largest abs(z) of a critical point: {WorstSigmaCZ:F2}"));
            return s.ToString();
        }
    }

    public static Comparison Compare(CriticalitySpec spec, IReadOnlyList<ProbeResult> ours, IReadOnlyList<ProbeResult> peer, int bootstrap)
    {
        var activation = ProbeActivation.Resolve(spec.Activation, null);
        var critical = CriticalLine.At(activation, spec.SigmaB, 1.0, spec.Order);
        var offset = CriticalityStudy.TransientOffset(activation, spec, critical);
        var rows = new List<Row>();
        var curves = new List<CurveAgreement>();
        var mlp = spec.Mlp;

        ProbeResult[] Select(IReadOnlyList<ProbeResult> side, Func<ProbeConfig, bool> which) =>
            [.. side.Where(r => which(r.Config)).OrderBy(r => r.Config.SigmaW).ThenBy(r => r.Config.Width).ThenBy(r => r.Config.Size)];

        // MLP σ_w scan at one width.
        bool MlpScan(ProbeConfig c) => c.Kind == Architecture.Mlp && c.Width == mlp.ScanWidth && c.Depth == mlp.ScanDepth && c.Draws == mlp.ScanDraws;
        var (ourScan, peerScan) = (Select(ours, MlpScan), Select(peer, MlpScan));
        if (ourScan.Length >= 2 && peerScan.Length >= 2)
        {
            var windows = CriticalityStudy.MlpWindows(mlp, offset);
            var (a, b) = (Analyse(ourScan, windows, bootstrap, spec.Seed), Analyse(peerScan, windows, bootstrap, spec.Seed));
            rows.Add(new("mlp", $"sigma_c (width {mlp.ScanWidth}, plateau extrapolated)", a.SigmaC, b.SigmaC));
            rows.Add(new("mlp", "delta (power window)", a.Delta, b.Delta));
            rows.Add(new("mlp", "beta", a.Beta, b.Beta));
            rows.Add(new("mlp", "nu_par", a.NuParallel, b.NuParallel));
        }
        curves.Add(Curves($"MLP scan, width {mlp.ScanWidth}", ourScan, peerScan));

        // MLP finite-width collapse at the mean-field σ_w,c.
        bool MlpCollapse(ProbeConfig c) => c.Kind == Architecture.Mlp && mlp.Widths.Contains(c.Width)
            && c.Depth == (int)Math.Ceiling(mlp.DepthPerWidth * c.Width) && c.Draws == mlp.CollapseDraws;
        var (ourCollapse, peerCollapse) = (Select(ours, MlpCollapse), Select(peer, MlpCollapse));
        if (ourCollapse.Length >= 2 && peerCollapse.Length >= 2)
        {
            CollapseSummary Fit(ProbeResult[] runs) => FiniteSizeCollapse.Fit(runs.Select(r => new CollapseCurve(r.Config.Width, r.PerDraw)).ToArray(),
                Analysis.Collapse.AbsorbingClass.MeanField, fromLayer: 4, fromScaled: 0.5, seed: spec.Seed + 1);
            var (a, b) = (Fit(ourCollapse), Fit(peerCollapse));
            rows.Add(new("mlp", "collapse a", a.A, b.A));
            rows.Add(new("mlp", "collapse z", a.Z, b.Z));
            rows.Add(new("mlp", "collapse delta = a/z", a.Delta, b.Delta));
        }
        curves.Add(Curves("MLP collapse widths", ourCollapse, peerCollapse));

        foreach (var cnn in spec.Cnns)
        {
            bool Is(ProbeConfig c) => c.Architecture == cnn.Architecture && c.Sharing == ProbeConfig.ParseSharing(cnn.Weights) && c.Width == cnn.Channels;
            bool Coarse(ProbeConfig c) => Is(c) && c.Size == cnn.ScanSize && c.Depth == cnn.CoarseDepth && c.Draws == cnn.CoarseDraws;
            bool Fine(ProbeConfig c) => Is(c) && c.Size == cnn.ScanSize && c.Depth == cnn.FineDepth && c.Draws == cnn.FineDraws;
            curves.Add(Curves($"{cnn.Name} coarse scan", Select(ours, Coarse), Select(peer, Coarse)));
            var (ourFine, peerFine) = (Select(ours, Fine), Select(peer, Fine));
            if (ourFine.Length < 2 || peerFine.Length < 2) continue;
            var windows = CriticalityStudy.CnnWindows(cnn, offset);
            var (a, b) = (Analyse(ourFine, windows, bootstrap, spec.Seed), Analyse(peerFine, windows, bootstrap, spec.Seed));
            var (adoptedA, adoptedB) = (Adopt(a, ourFine, cnn), Adopt(b, peerFine, cnn));
            rows.Add(new(cnn.Name, $"sigma_c adopted (ours: {adoptedA.Criterion}; peer: {adoptedB.Criterion})", adoptedA.SigmaC, adoptedB.SigmaC));
            rows.Add(new(cnn.Name, "sigma_c from the curvature", a.SigmaCFromCurvature, b.SigmaCFromCurvature));
            rows.Add(new(cnn.Name, "sigma_c, plateau extrapolated", a.SigmaC, b.SigmaC));
            rows.Add(new(cnn.Name, "delta (fine scan's power window)", a.Delta, b.Delta));
            rows.AddRange(StageThree(cnn, windows, spec.Seed, Select(ours, Is), ourFine, a, adoptedA, Select(peer, Is), peerFine, b, adoptedB));
        }
        return new Comparison(rows, curves);
    }

    /// <summary>
    /// The stage-3 observables of one CNN, each side read as the study reads its own: the decay run's δ (the plateau of
    /// δ_eff, its bootstrap error and, in quadrature, the side's σ_c error times dδ/dσ_w of its fine scan, as the study
    /// adds it: the two sides' decays ran at different σ_w, so that term is what makes their δ comparable), the
    /// finite-size collapse over the lattice sizes (a, z, δ = a/z, the DP class predicted) and β (fine-scan plateaus
    /// above σ_c) and ν∥ (the ordered scan for local filters, else the fine scan's σ_w below σ_c) at the critical point.
    /// Each side ran its stage 3 at its own critical point (the peer's: its curvature criterion on the mean curves), which
    /// the decay run's σ_w records; β and ν∥ are read at that σ_w with the error of the side's adopted σ_c.
    /// </summary>
    static IEnumerable<Row> StageThree(CnnStudy cnn, ScanWindows windows, ulong seed, ProbeResult[] ours, ProbeResult[] ourFine, ScanExponents ourScan,
        AdoptedCriticalPoint ourPoint, ProbeResult[] peer, ProbeResult[] peerFine, ScanExponents peerScan, AdoptedCriticalPoint peerPoint)
    {
        var (a, b) = (StageThreeOf(cnn, windows, seed, ours, ourFine, ourScan, ourPoint), StageThreeOf(cnn, windows, seed, peer, peerFine, peerScan, peerPoint));
        if (a is null || b is null) yield break;
        yield return new(cnn.Name, "stage-3 sigma_w (the decay run's)", new Estimate(a.SigmaW, ourPoint.SigmaC.Error), new Estimate(b.SigmaW, peerPoint.SigmaC.Error));
        yield return new(cnn.Name, "decay delta (plateau of delta_eff at sigma_c)", a.Delta, b.Delta);
        if (a.Collapse is { } ca && b.Collapse is { } cb)
        {
            yield return new(cnn.Name, "size collapse a", ca.A, cb.A);
            yield return new(cnn.Name, "size collapse z", ca.Z, cb.Z);
            yield return new(cnn.Name, "size collapse delta = a/z", ca.Delta, cb.Delta);
        }
        yield return new(cnn.Name, "beta at sigma_c", a.Beta, b.Beta);
        yield return new(cnn.Name, "nu_par at sigma_c", a.NuParallel, b.NuParallel);
    }

    sealed record StageThreeResult(double SigmaW, Estimate Delta, CollapseSummary? Collapse, Estimate Beta, Estimate NuParallel);

    static StageThreeResult? StageThreeOf(CnnStudy cnn, ScanWindows windows, ulong seed, ProbeResult[] runs, ProbeResult[] fine, ScanExponents scan,
        AdoptedCriticalPoint point)
    {
        var decay = runs.FirstOrDefault(r => r.Config.Size == cnn.ScanSize && r.Config.Depth == cnn.DecayDepth && r.Config.Draws == cnn.DecayDraws);
        if (decay is null) return null;
        double at = decay.Config.SigmaW;
        var sigmaC = new Estimate(at, point.SigmaC.Error);
        var delta = DecayObservables.Measure(decay.PerDraw, cnn.DecayFrom, cnn.WindowTo, seed: seed + 2).Plateau;
        double fromSigmaC = CriticalityStudy.DeltaSensitivity(scan.Rows, at) * point.SigmaC.Error;
        if (double.IsFinite(fromSigmaC) && double.IsFinite(delta.Error))
            delta = delta with { Error = Math.Sqrt(delta.Error * delta.Error + fromSigmaC * fromSigmaC) };
        bool AtPoint(ProbeResult r) => Math.Abs(r.Config.SigmaW - at) <= 1e-9 * at;
        var sizes = runs.Where(r => AtPoint(r) && cnn.Sizes.Contains(r.Config.Size) && r.Config.Depth == cnn.SizeDepth(r.Config.Size) && r.Config.Draws == cnn.CollapseDraws)
            .OrderBy(r => r.Config.Size).ToArray();
        var collapse = sizes.Length >= 2
            ? FiniteSizeCollapse.Fit(sizes.Select(r => new CollapseCurve(r.Config.Size, r.PerDraw)).ToArray(), cnn.DirectedPercolation, fromLayer: 10, fromScaled: 0.05, seed: seed + 1)
            : null;
        var finePoints = fine.Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray();
        var beta = BetaFit.AboveCriticalPoint(finePoints, sigmaC, windows.PlateauFrom, windows.PlateauTo, seed: seed);
        Estimate nu;
        if (cnn.RunsOrderedScan)
        {
            var ordered = runs.Where(r => r.Config.Size == cnn.ScanSize && r.Config.Depth == cnn.OrderedDepth && r.Config.Draws == cnn.OrderedDraws)
                .OrderBy(r => r.Config.SigmaW).Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray();
            nu = ordered.Length >= 2 ? NuParallelFit.BelowCriticalPoint(ordered, sigmaC, seed: seed).NuParallel : Estimate.Missing;
        }
        else
        {
            var below = finePoints.Where(p => p.SigmaW < at).ToArray();
            nu = below.Length >= 2 ? NuParallelFit.BelowCriticalPoint(below, sigmaC, seed: seed).NuParallel : Estimate.Missing;
        }
        return new StageThreeResult(at, delta, collapse, beta, nu);
    }

    static ScanExponents Analyse(ProbeResult[] runs, ScanWindows windows, int bootstrap, ulong seed) =>
        ScanAnalysis.Analyse(runs.Select(r => new ScanPoint(r.Config.SigmaW, r.PerDraw)).ToArray(), windows, bootstrap, seed);

    /// <summary>The study's adopted critical point; the bracket is read back from the fine grid (low to high + half its width).</summary>
    static AdoptedCriticalPoint Adopt(ScanExponents scan, ProbeResult[] fine, CnnStudy cnn)
    {
        double low = fine[0].Config.SigmaW, top = fine[^1].Config.SigmaW;
        return AdoptedCriticalPoint.Choose(scan, low, low + (top - low) / 1.5, (top - low) / Math.Max(1, cnn.FinePoints - 1));
    }

    /// <summary>
    /// z of the mean ρ_l at 12 log-spaced layers of every σ_w (and width or size) both sides ran, leaving out layers where
    /// both means lie below <see cref="CurveFits.Floor"/> (the analysis counts those as dead).
    /// </summary>
    static CurveAgreement Curves(string set, ProbeResult[] ours, ProbeResult[] peer)
    {
        var z = new List<double>();
        foreach (var a in ours)
        {
            var b = peer.FirstOrDefault(p => Math.Abs(p.Config.SigmaW - a.Config.SigmaW) <= 1e-9 * a.Config.SigmaW
                && p.Config.Width == a.Config.Width && (a.Config.Dimensions == 0 || p.Config.Size == a.Config.Size) && p.Depth == a.Depth);
            if (b is null) continue;
            foreach (int l in CurveFits.LogSpacedLayers(1, a.Depth, 12))
            {
                // Below the analysis floor both signals have merged to float32 rounding, whose level says nothing about the law.
                if (!(a.Mean[l] > CurveFits.Floor) && !(b.Mean[l] > CurveFits.Floor)) continue;
                double se = Math.Sqrt(a.StdErr[l] * a.StdErr[l] + b.StdErr[l] * b.StdErr[l]);
                if (se > 0 && double.IsFinite(se)) z.Add((a.Mean[l] - b.Mean[l]) / se);
            }
        }
        return z.Count == 0 ? new CurveAgreement(set, 0, double.NaN, double.NaN, double.NaN)
            : new CurveAgreement(set, z.Count, z.Average(), Math.Sqrt(z.Average(v => v * v)), z.Count(v => Math.Abs(v) > 2) / (double)z.Count);
    }

    /// <summary>Every finished criticality-probe run of a study directory.</summary>
    public static IReadOnlyList<ProbeResult> LoadOurs(string studyDirectory)
    {
        var probes = new List<ProbeResult>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(studyDirectory, "runs")).Order(StringComparer.Ordinal))
        {
            string runFile = Path.Combine(dir, "run.json"), configFile = Path.Combine(dir, "config.json");
            if (!File.Exists(runFile) || !File.Exists(configFile)) continue;
            using (var run = JsonDocument.Parse(File.ReadAllText(runFile)))
                if (!run.RootElement.TryGetProperty("kind", out var kind) || kind.GetString() != ProbeRun.Kind.Name) continue;
            var config = JsonSerializer.Deserialize<ProbeConfig>(File.ReadAllText(configFile), JsonDefaults.Options)
                ?? throw new ArgumentException($"{configFile}: not a probe's config");
            if (ProbeRun.TryLoad(config, dir) is { } result) probes.Add(result);
        }
        return probes;
    }

    /// <summary>The peer's probes: probes.json's records and their float64 [draws, depth + 1] .npy files.</summary>
    public static IReadOnlyList<ProbeResult> LoadPeer(string peerDirectory)
    {
        string index = Path.Combine(peerDirectory, "probes.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(index));
        var probes = new List<ProbeResult>();
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            string Text(string name) => r.GetProperty(name).GetString() ?? throw new ArgumentException($"{index}: a record lacks '{name}'");
            int Int(string name) => r.GetProperty(name).GetInt32();
            var config = new ProbeConfig
            {
                Architecture = Text("architecture"), Weights = Text("weights"), SigmaW = r.GetProperty("sigma_w").GetDouble(),
                Width = Int("width"), Size = Int("size"), Depth = Int("depth"), Draws = Int("draws"), Pairs = 1, InitialRho = 1,
            };
            string file = Path.Combine(peerDirectory, "probes", Text("file"));
            var (shape, data) = ReadNpy(file);
            if (shape.Length != 2 || shape[0] != config.Draws || shape[1] != config.Depth + 1)
                throw new ArgumentException($"{file}: expected {config.Draws} x {config.Depth + 1} values, found {string.Join(" x ", shape)}");
            probes.Add(new ProbeResult(config, Enumerable.Range(0, shape[0]).Select(d => data.AsSpan(d * shape[1], shape[1]).ToArray()).ToArray()));
        }
        return probes;
    }

    /// <summary>A C-ordered little-endian float64 array from a .npy file (format versions 1–3): its shape and its values.</summary>
    public static (int[] Shape, double[] Data) ReadNpy(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new ArgumentException($"{path}: not a .npy file");
        int major = bytes[6];
        int headerLength = major == 1 ? BitConverter.ToUInt16(bytes, 8) : BitConverter.ToInt32(bytes, 8);
        int start = major == 1 ? 10 : 12;
        string header = Encoding.ASCII.GetString(bytes, start, headerLength);
        if (!header.Contains("'descr': '<f8'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
            throw new ArgumentException($"{path}: expected a C-ordered '<f8' array, found {header.Trim()}");
        var shapeText = Regex.Match(header, @"'shape': \(([^)]*)\)");
        if (!shapeText.Success) throw new ArgumentException($"{path}: no shape in the header {header.Trim()}");
        int[] shape = [.. shapeText.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.Parse(t, CultureInfo.InvariantCulture))];
        long count = shape.Aggregate(1L, (p, n) => p * n);
        int offset = start + headerLength;
        if (bytes.Length - offset != count * 8) throw new ArgumentException($"{path}: {bytes.Length - offset} bytes of data for shape ({string.Join(", ", shape)})");
        var data = new double[count];
        Buffer.BlockCopy(bytes, offset, data, 0, (int)(count * 8));
        return (shape, data);
    }
}
