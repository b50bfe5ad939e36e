namespace Eumentia.Theory;

/// <summary>
/// Mean-field (infinite-width) signal propagation through a deep random MLP,
/// h^{l+1} = W^{l+1} D^l φ(h^l) + b^{l+1}, W_ij ~ N(0, σ_w²/n), b_i ~ N(0, σ_b²), D^l an optional dropout
/// mask on the hidden units (keep probability k, kept units scaled by 1/k, independent per input).
/// Two inputs of equal length q propagate with correlation c = 1 − ρ (Poole et al. 2016; Schoenholz et
/// al. 2017, whose dropout section gives the 1/k on the diagonal only):
///   q_{l+1} = σ_w²/k · E[φ(√q_l z)²] + σ_b²,
///   ρ_{l+1} = σ_w² · ( E[(φ(u_a) − φ(u_b))²]/2 + (1/k − 1) E[φ²] ) / q_{l+1}.
/// The correlation map is written for ρ directly, in terms of the divided difference of φ, so that it
/// keeps full relative precision as c → 1 (no 1 − c cancellation), and with moments normalised by q so
/// that q → 0 (σ_b = 0 in the ordered phase) has a finite limit: no NaN anywhere in float64.
/// </summary>
public sealed class MeanField
{
    /// <summary>Lengths below this are evaluated at this value: the q → 0 limit of the normalised maps.</summary>
    public const double SmallestLength = 1e-280;
    /// <summary>Where q* is infinite (unbounded φ in the chaotic phase) the maps are evaluated at this q.</summary>
    public const double LargestLength = 1e12;
    /// <summary>Below this step the divided difference of φ is replaced by φ' (error ~ d², not ε/d).</summary>
    const double DifferenceStep = 5e-6;

    readonly GaussianExpectation gauss;
    double? lengthFixedPoint, rhoFixedPoint;

    public Activation Activation { get; }
    public double SigmaW { get; }
    public double SigmaB { get; }
    /// <summary>Dropout keep probability on the hidden units (1: no dropout).</summary>
    public double Keep { get; }
    /// <summary>Gauss–Hermite nodes per dimension.</summary>
    public int Order => gauss.Order;

    public MeanField(Activation activation, double sigmaW, double sigmaB, double keep = 1.0, int order = 96)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (!(sigmaW > 0) || double.IsInfinity(sigmaW)) throw new UsageException($"sigma_w must be positive and finite, got {sigmaW}");
        if (!(sigmaB >= 0) || double.IsInfinity(sigmaB)) throw new UsageException($"sigma_b must be non-negative and finite, got {sigmaB}");
        if (!(keep > 0 && keep <= 1)) throw new UsageException($"keep probability must lie in (0, 1], got {keep}");
        Activation = activation;
        SigmaW = sigmaW;
        SigmaB = sigmaB;
        Keep = keep;
        gauss = new GaussianExpectation(order);
    }

    double Vw => SigmaW * SigmaW;
    double Vb => SigmaB * SigmaB;

    public MeanField With(double? sigmaW = null, double? sigmaB = null, double? keep = null) =>
        new(Activation, sigmaW ?? SigmaW, sigmaB ?? SigmaB, keep ?? Keep, Order);

    // ---- length map ----

    /// <summary>q_{l+1} from q_l.</summary>
    public double LengthMap(double q)
    {
        CheckLength(q);
        if (double.IsPositiveInfinity(q)) return q;
        return Vw / Keep * q * NormalisedSecondMoment(q) + Vb;
    }

    /// <summary>dq_{l+1}/dq_l = σ_w²/k · (E[φ'²] + E[φ φ'']), the kinks adding Σ Δ_k φ(x_k) p_q(x_k) to E[φ φ''].</summary>
    public double LengthSlope(double q)
    {
        q = Evaluable(q);
        double s = Math.Sqrt(q);
        var phi = Activation;
        double smooth = gauss.Normal(z =>
        {
            double u = s * z, d = phi.Derivative(u);
            return d * d + phi.Value(u) * phi.SecondDerivative(u);
        }, KinkNodes(s));
        foreach (var kink in phi.Kinks)
            smooth += kink.SlopeJump * phi.Value(kink.At) * Math.Exp(-kink.At * kink.At / (2 * q)) / Math.Sqrt(2 * Math.PI * q);
        return Vw / Keep * smooth;
    }

    /// <summary>
    /// q*, the stable fixed point of the length map reached from q₀: 0 when the signal dies (σ_b = 0, ordered),
    /// +∞ when it grows without bound (unbounded φ).
    /// </summary>
    public double LengthFixedPoint(double q0 = 1.0)
    {
        if (q0 == 1.0 && lengthFixedPoint is { } known) return known;
        double q = SolveLengthFixedPoint(q0);
        if (q0 == 1.0) lengthFixedPoint = q;
        return q;
    }

    double SolveLengthFixedPoint(double q0)
    {
        CheckLength(q0);
        double q = q0;
        for (int step = 0; step < 200; step++)
        {
            double next = LengthMap(q);
            if (next > 1e150) return double.PositiveInfinity;
            if (Math.Abs(next - q) <= 1e-15 * Math.Max(q, SmallestLength)) return next;
            q = next;
        }
        // Slow convergence (near a marginal q*): bracket the root of g(q) = map(q) − q from the last iterate.
        double G(double x) => LengthMap(x) - x;
        double g = G(q);
        if (g > 0)
        {
            double hi = q;
            while (G(hi) > 0)
                if ((hi *= 2) > 1e150) return double.PositiveInfinity;
            return Bracketed.Root(G, hi / 2, hi, 1e-15 * hi);
        }
        double lo = q;
        while (G(lo) < 0)
            if ((lo /= 2) < SmallestLength) return 0.0;
        return Bracketed.Root(G, lo, 2 * lo, 1e-15 * lo);
    }

    /// <summary>Depth scale of the length map at q*: ξ_q = −1/ln(dq'/dq); +∞ where q* is marginal.</summary>
    public double LengthDepthScale => DepthScale(LengthSlope(Evaluable(LengthFixedPoint())));

    // ---- correlation map ----

    /// <summary>χ₁ = σ_w² E[φ'(√q z)²]: the slope of the correlation map at c = 1 for inputs of length q.</summary>
    public double Chi1At(double q)
    {
        q = Evaluable(q);
        double s = Math.Sqrt(q);
        var phi = Activation;
        return Vw * gauss.Normal(z => { double d = phi.Derivative(s * z); return d * d; }, KinkNodes(s));
    }

    /// <summary>χ₁ at the length fixed point: the edge of chaos is χ₁ = 1.</summary>
    public double Chi1 => Chi1At(LengthFixedPoint());

    /// <summary>
    /// ρ_{l+1} = 1 − c_{l+1} from ρ_l for two inputs of common length q_l (the length of layer l).
    /// Exact at infinite width; finite and in [0, 2] for every q ≥ 0 and ρ in [0, 2].
    /// </summary>
    public double RhoMap(double q, double rho)
    {
        if (!(rho >= 0 && rho <= 2)) throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho = 1 - c must lie in [0, 2]");
        q = Evaluable(q);
        // u_a = s + d, u_b = s − d with s ~ N(0, q(1 − ρ/2)) and d ~ N(0, qρ/2) independent;
        // E[(φ(u_a) − φ(u_b))²] = 2qρ E[y² D(s, d)²], D the divided difference (φ(s+d) − φ(s−d)) / 2d.
        double sigmaS = Math.Sqrt(q * (1 - rho / 2)), sigmaD = Math.Sqrt(q * rho / 2);
        double spread = rho == 0 ? 0.0 : SpreadMoment(sigmaS, sigmaD);
        double m2 = NormalisedSecondMoment(q);
        double lengthRatio = Vw / Keep * m2 + (Vb == 0 ? 0 : Vb / q); // q_{l+1} / q_l
        double next = Vw * (rho * spread + (1 / Keep - 1) * m2) / lengthRatio;
        return Math.Clamp(next, 0.0, 2.0);
    }

    /// <summary>c_{l+1} from c_l for two inputs of common length q.</summary>
    public double CorrelationMap(double q, double c) => 1.0 - RhoMap(q, 1.0 - c);

    /// <summary>
    /// ρ* = 1 − c*, the stable fixed point of the correlation map at q*: 0 in the ordered phase (without
    /// dropout), positive in the chaotic phase and always with dropout.
    /// </summary>
    public double RhoFixedPoint => rhoFixedPoint ??= SolveRhoFixedPoint();

    /// <summary>c* = 1 − ρ*.</summary>
    public double CorrelationFixedPoint => 1.0 - RhoFixedPoint;

    double SolveRhoFixedPoint()
    {
        double q = LengthFixedPoint();
        double H(double rho) => RhoMap(q, rho) - rho;
        double lo = 0;
        if (Keep == 1)
        {
            if (Chi1At(q) <= 1) return 0.0;
            lo = 1.0;
            while (H(lo) <= 0)
                if ((lo /= 2) < 1e-300) return 0.0;
        }
        if (H(2.0) >= 0) return 2.0;
        return Bracketed.Root(H, lo, 2.0, 1e-15);
    }

    /// <summary>χ_c: the slope of the correlation map at c*, σ_w² E[φ'(u_a) φ'(u_b)] (χ₁ when c* = 1).</summary>
    public double ChiC
    {
        get
        {
            double rho = RhoFixedPoint, q = Evaluable(LengthFixedPoint());
            if (rho == 0) return Chi1At(q);
            if (Activation.IsSmooth)
                return Vw * gauss.Bivariate((a, b) => Activation.Derivative(a) * Activation.Derivative(b), q, q, 1 - rho);
            // A kink makes φ'φ' discontinuous across lines in the plane: differentiate the exact map instead.
            double h = 1e-5 * Math.Min(rho, 2 - rho);
            if (h == 0) h = 1e-7;
            double up = Math.Min(2, rho + h), down = Math.Max(0, rho - h);
            return (RhoMap(q, up) - RhoMap(q, down)) / (up - down);
        }
    }

    /// <summary>Correlation depth scale ξ_c = −1/ln χ_c (Schoenholz et al. 2017); +∞ at the edge of chaos.</summary>
    public double CorrelationDepthScale => DepthScale(ChiC);

    // ---- criticality ----

    /// <summary>
    /// The metric factor κ in ρ_{l+1} ≈ χ₁ ρ_l − κ ρ_l² (from expanding the map at q*):
    /// κ = σ_w² q* E[φ''(√q* z)²] / 2. Infinite for activations with kinks (their map has a ρ^{3/2} term).
    /// </summary>
    public double Kappa
    {
        get
        {
            if (!Activation.IsSmooth) return double.PositiveInfinity;
            double q = Evaluable(LengthFixedPoint()), s = Math.Sqrt(q);
            return Vw * q * gauss.Normal(z => { double d2 = Activation.SecondDerivative(s * z); return d2 * d2; }) / 2;
        }
    }

    /// <summary>
    /// The leading nonlinearity of the correlation map near c = 1 and the critical decay law it implies.
    /// Kinks x_k with slope jumps Δ_k add −a ρ^{3/2}, a = (2/3) σ_w² √(q*/π) Σ Δ_k² p_{q*}(x_k), p_q the
    /// N(0, q) density: from the band |s − x_k| &lt; |d| where φ(s+d) − φ(s−d) departs from 2dφ'(s).
    /// </summary>
    public CriticalDecay Decay
    {
        get
        {
            if (Activation.IsSmooth) return new CriticalDecay(1.0, Kappa);
            double q = Evaluable(LengthFixedPoint()), sum = 0;
            foreach (var kink in Activation.Kinks)
                sum += kink.SlopeJump * kink.SlopeJump * Math.Exp(-kink.At * kink.At / (2 * q)) / Math.Sqrt(2 * Math.PI * q);
            return new CriticalDecay(2.0, 2.0 / 3.0 * Vw * Math.Sqrt(q / Math.PI) * sum);
        }
    }

    /// <summary>
    /// The exact infinite-width iteration of (q_l, ρ_l) for l = 0..depth from two inputs of length q₀ and
    /// correlation 1 − ρ₀.
    /// </summary>
    public MeanFieldTrajectory Iterate(double q0, double rho0, int depth)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(depth);
        CheckLength(q0);
        var q = new double[depth + 1];
        var rho = new double[depth + 1];
        q[0] = q0;
        rho[0] = rho0;
        for (int l = 0; l < depth; l++)
        {
            rho[l + 1] = RhoMap(q[l], rho[l]);
            q[l + 1] = LengthMap(q[l]);
            if (!double.IsFinite(q[l + 1]))
                throw new EumentiaException($"the length q_l overflows at layer {l + 1} ({Activation.Name}, sigma_w = {SigmaW}, sigma_b = {SigmaB}): an unbounded activation in its growing phase");
        }
        return new MeanFieldTrajectory(q, rho);
    }

    // ---- helpers ----

    /// <summary>E[φ(√q z)²] / q, finite as q → 0.</summary>
    double NormalisedSecondMoment(double q)
    {
        q = Evaluable(q);
        double s = Math.Sqrt(q);
        return gauss.Normal(z => { double v = Activation.Value(s * z) / s; return v * v; }, KinkNodes(s));
    }

    /// <summary>E[y² D(σ_s x, σ_d y)²] over independent standard normals x, y.</summary>
    double SpreadMoment(double sigmaS, double sigmaD)
    {
        var phi = Activation;
        var kinks = phi.Kinks;
        double Integrand(double x, double y)
        {
            double s = sigmaS * x, d = sigmaD * y, D = DividedDifference(phi, s, d);
            return y * y * D * D;
        }
        if (phi.IsSmooth) return gauss.StandardBivariate(Integrand);
        if (sigmaS == 0) return gauss.Normal(y => Integrand(0, y), kinks.Select(k => k.At / sigmaD).ToArray());
        var breaks = new double[2 * kinks.Count];
        return gauss.StandardBivariateEvenInY(Integrand, y =>
        {
            for (int k = 0; k < kinks.Count; k++)
            {
                breaks[2 * k] = (kinks[k].At - sigmaD * y) / sigmaS;
                breaks[2 * k + 1] = (kinks[k].At + sigmaD * y) / sigmaS;
            }
            return breaks;
        });
    }

    /// <summary>(φ(s+d) − φ(s−d)) / 2d, or φ'(s) when d is too small for the difference to be accurate.</summary>
    static double DividedDifference(Activation phi, double s, double d)
    {
        double ad = Math.Abs(d);
        if (ad <= DifferenceStep * Math.Max(1.0, Math.Abs(s)) && !KinkWithin(phi, s, ad)) return phi.Derivative(s);
        return (phi.Value(s + d) - phi.Value(s - d)) / (2 * d);
    }

    static bool KinkWithin(Activation phi, double s, double halfWidth)
    {
        foreach (var kink in phi.Kinks)
            if (Math.Abs(kink.At - s) <= halfWidth) return true;
        return false;
    }

    /// <summary>The kinks of φ(s z) in units of z.</summary>
    double[]? KinkNodes(double scale) => Activation.IsSmooth ? null : Activation.Kinks.Select(k => k.At / scale).ToArray();

    static double Evaluable(double q) =>
        double.IsPositiveInfinity(q) ? LargestLength : Math.Max(q, SmallestLength);

    static void CheckLength(double q)
    {
        if (!(q >= 0)) throw new ArgumentOutOfRangeException(nameof(q), q, "the length q must be non-negative");
    }

    static double DepthScale(double slope) => slope >= 1 ? double.PositiveInfinity : slope <= 0 ? 0.0 : -1.0 / Math.Log(slope);
}
