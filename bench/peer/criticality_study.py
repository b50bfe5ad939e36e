#!/usr/bin/python3
"""The criticality study's probes and trainings as a PyTorch user would write them (the peer of
`eumentia criticality --preset quick`).

Protocol (src/Eumentia/Studies/Criticality/: CriticalitySpec, CriticalityStudy, SignalProbe, PreActivationSampler):
tanh networks at sigma_b = 0.3. The mean-field theory gives sigma_w,c (chi_1 = 1) and q*; every probe starts each
of its weight draws from one input pair of squared length C q* per unit (per site and channel) and correlation 0
(rho_0 = 1, Gram-Schmidt in float64), propagates h^{l+1} = W phi(h^l) + b and records rho_l = 1 - cos(h_A, h_B)
(cancellation-free, float64, averaged over the sites) for every layer and draw. Three stages, as Eumentia plans them:
  1. MLP collapse (widths 32-256 to depth 6n, 256 draws, at the mean-field sigma_w,c), MLP scan (width 256, depth
     1000, 128 draws, sigma_w,c (1 + 8 offsets)), each CNN's coarse scan (sigma_w,c x 0.9..1.4), and the 9 trainings
     (784-64^d-10 tanh, d = 4/12/32, sigma_w = sigma_w,c x 0.7/1/1.4, 2 000 digits, 4 epochs, SGD lr 0.01 momentum 0.9);
  2. each CNN's fine scan (8 sigma_w) across the bracket its coarse scan gives (Eumentia's rule: the last sigma_w
     whose mean rho dies, to the first above it that settles);
  3. at the critical point of the fine scan (the late log-log curvature changing sign), the decay run, the
     finite-size collapse over lattice sizes (depth 2 L^z of DP) and, for local filters, the ordered-side scan.
CNNs: 1-D with 8 channels on 256 sites and shared filters, its locally connected twin, and 2-D with 8 channels on
32^2 sites; 3-wide (3x3) periodic filters, W ~ N(0, sigma_w^2 / (C taps)), b ~ N(0, sigma_b^2).

Written the way a careful user would: torch.no_grad, torch.set_num_threads, every sigma_w and draw of a probe set
in one batch (a run of one shape is one tensor program, not a loop over draws): shared filters through one grouped
conv1d/conv2d per layer (F.pad circular; groups = the batch of independent networks), MLP layers and local filters
(Eumentia's default sampler for both) drawn as their pre-activations from the exact conditional Gaussian law given
the layer below (3 normals per unit, the same law as drawing every weight; Eumentia's PreActivationSampler), in
float64 for the pair's difference as Eumentia does. Random streams differ from Eumentia's (torch's generator), so
the two agree statistically, draw spread against draw spread.

The peer's own stage-3 critical point is the curvature criterion (Eumentia's ScanAnalysis.CriticalPoint on the mean
curves, no bootstrap; when the curvature never changes sign, the bracket's middle); its transient time offset t0
comes from the exact mean-field iteration at sigma_w,c fitted as A / (l + t0) (Eumentia uses the theory's
amplitude). `Eumentia.Bench criticality-agree` reads both sides' curves and puts them through Eumentia's own
analysis (sigma_c with bootstrap errors per architecture, the MLP collapse, the curves at equal sigma_w).

Output (--out DIR): DIR/probes.json (one record per probe: stage, architecture, weights, sigma_w, width, size,
depth, draws, file) and DIR/probes/NAME.npy (float64 [draws, depth + 1]); DIR/summary.json (the peer's sigma_w,c,
q*, brackets, critical points and training accuracies); one "TIMING {...}" line on stdout. --flops-only prints the
arithmetic the protocol needs (protocol_flops) and stops. `bench/compare.sh study
criticality` runs it against `eumentia criticality --preset quick`.
"""
import argparse, json, math, os, resource, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from phases_study import load  # the mnist-10k loader and Eumentia's split

FLOOR = 1e-11  # CurveFits.Floor
ACTIVE_LEVEL, STATIONARY = 1e-4, 0.08  # ScanAnalysis
DP = {1: (1.733847, 1.096854), 2: (1.2950, 0.7333)}  # (nu_par, nu_perp) of directed percolation in 1 and 2 dimensions


def cnn(**kw):
    base = dict(dims=1, channels=8, kernel=3, scan_size=256, coarse=[0.9, 1.0, 1.1, 1.2, 1.3, 1.4], coarse_depth=1500,
                coarse_draws=12, fine_points=8, fine_depth=3000, fine_draws=24, sizes=[64, 128, 256], depth_per_size_to_z=2.0,
                collapse_draws=24, decay_from=8, window_fraction=0.2, decay_draws=64, weights="shared",
                ordered=[0.01, 0.02, 0.04, 0.08], ordered_depth=2000, ordered_draws=16)
    base.update(kw)
    return base


def with_local_twin(cnns):
    return [c2 for c in cnns for c2 in ([c, dict(c, weights="local")] if c["dims"] == 1 else [c])]


PRESETS = {
    "quick": dict(order=48, mlp=dict(widths=[32, 64, 128, 256], depth_per_width=6, collapse_draws=256, scan_width=256, scan_depth=1000,
                                     scan_draws=128, offsets=[-0.08, -0.05, -0.03, -0.015, 0.015, 0.03, 0.05, 0.08]),
                  cnns=with_local_twin([cnn(), cnn(dims=2, scan_size=32, coarse_depth=400, coarse_draws=8, fine_depth=600, fine_draws=12,
                                                   sizes=[12, 16, 24, 32], collapse_draws=16, decay_draws=32)]),
                  training=dict(width=64, depths=[4, 12, 32], factors=[0.7, 1.0, 1.4], train_size=2000, epochs=4, lr=0.01)),
    "tiny": dict(order=16, mlp=dict(widths=[8, 16], depth_per_width=4, collapse_draws=6, scan_width=16, scan_depth=60, scan_draws=6,
                                    offsets=[-0.2, -0.1, 0.1, 0.2]),
                 cnns=with_local_twin([cnn(channels=4, scan_size=8, coarse=[0.8, 1.2, 1.6], coarse_depth=40, coarse_draws=2, fine_points=2,
                                           fine_depth=60, fine_draws=2, sizes=[4, 6], depth_per_size_to_z=1.0, collapse_draws=2,
                                           ordered_depth=200, ordered_draws=2)]),
                 training=dict(width=8, depths=[2], factors=[1.0], train_size=200, epochs=1, lr=0.01)),
}


# ---- mean-field theory (Gauss-Hermite) ----
def hermite(order):
    x, w = np.polynomial.hermite_e.hermegauss(order)
    return x, w / w.sum()


def q_fixed_point(sw, sb, gh, q=1.0):
    x, w = gh
    for _ in range(10000):
        nq = sw * sw * np.sum(w * np.tanh(math.sqrt(q) * x) ** 2) + sb * sb
        if abs(nq - q) < 1e-15:
            break
        q = nq
    return q


def chi1(sw, sb, gh):
    x, w = gh
    q = q_fixed_point(sw, sb, gh)
    return sw * sw * np.sum(w / np.cosh(math.sqrt(q) * x) ** 4)


def critical_point(sb, gh):
    lo, hi = 0.5, 4.0
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if chi1(mid, sb, gh) < 1 else (lo, mid)
    sw = 0.5 * (lo + hi)
    return sw, q_fixed_point(sw, sb, gh)


def critical_rho_curve(sw, sb, q, gh, depth=4000):
    """rho_l of the exact infinite-width iteration at sigma_w from rho_0 = 1."""
    x, w = gh
    z1, z2 = np.meshgrid(x, x, indexing="ij")
    ww = np.outer(w, w)
    u1 = math.sqrt(q) * z1
    rho, out = 1.0, [1.0]
    for _ in range(depth):
        c = 1 - rho
        u2 = math.sqrt(q) * (c * z1 + math.sqrt(max(0.0, 1 - c * c)) * z2)
        # 1 - c' = (q - sigma_w^2 E[phi(u1) phi(u2)] - sigma_b^2) / q with q = sigma_w^2 E[phi^2] + sigma_b^2: the difference form
        d = np.tanh(u1) - np.tanh(u2)
        rho = sw * sw * 0.5 * np.sum(ww * d * d) / q
        out.append(rho)
    return np.array(out)


def time_offset(curve):
    """l -> t0 at layer l from rho = A / (l + t0), A fitted on the far end of the exact curve (CriticalityStudy's offset)."""
    l1, l2 = len(curve) // 2, len(curve) - 1
    amp = (l2 - l1) / (1 / curve[l2] - 1 / curve[l1])

    def offset(l):
        at = int(min(max(round(l), 1), len(curve) - 1))
        t0 = amp / curve[at] - at
        return t0 if math.isfinite(t0) and t0 > -0.5 * at else 0.0
    return offset


# ---- probes ----
def neighbour_sum(g, dims):
    """The periodic 3 (3x3) neighbourhood sum over the trailing spatial dimensions of g (identity for an MLP)."""
    for d in range(dims):
        axis = g.dim() - 1 - d
        g = g + torch.roll(g, 1, axis) + torch.roll(g, -1, axis)
    return g


def mean_rho(h):
    """h [B, 2, C, *sites] -> rho [B] averaged over the sites (SignalProbe.Rho, float64)."""
    a, b = h[:, 0].double(), h[:, 1].double()
    aa, bb, dd = (a * a).sum(1), (b * b).sum(1), ((a - b) ** 2).sum(1)
    na, nb = aa.sqrt(), bb.sqrt()
    rho = ((dd - (na - nb) ** 2) / (2 * na * nb)).clamp(0, 2)
    rho = torch.where((aa == 0) | (bb == 0), torch.ones_like(rho), rho)
    rho = torch.where(dd == 0, torch.zeros_like(rho), rho)
    return rho.reshape(rho.shape[0], -1).mean(1)


@torch.no_grad()
def probe(sigmas, draws, channels, dims, size, depth, weights, q, sb, gen, kernel=3):
    """rho [len(sigmas), draws, depth + 1] of every weight draw at every sigma_w, all in one batch."""
    sites = (size,) * dims
    batch = len(sigmas) * draws
    sw = torch.tensor(sigmas, dtype=torch.float64).repeat_interleave(draws)
    taps = kernel ** dims
    fan_in = channels * taps
    # the initial pair: orthogonal, squared length C q per site
    z = torch.randn((batch, 2, channels) + sites, generator=gen, dtype=torch.float64)
    e1 = z[:, 0] / z[:, 0].norm(dim=1, keepdim=True)
    o = z[:, 1] - (z[:, 1] * e1).sum(1, keepdim=True) * e1
    e2 = o / o.norm(dim=1, keepdim=True)
    h = (math.sqrt(channels * q) * torch.stack([e1, e2], 1)).float()
    rho = torch.empty(depth + 1, batch, dtype=torch.float64)
    rho[0] = mean_rho(h)
    view = (batch,) + (1,) * (1 + dims)
    scale64 = (sw / math.sqrt(fan_in)).view(view)
    if weights == "shared" and dims > 0:
        conv = F.conv1d if dims == 1 else F.conv2d
        pad = (kernel // 2,) * (2 * dims)
        wscale = (sw / math.sqrt(fan_in)).float().view((batch, 1, 1) + (1,) * dims)
        for layer in range(1, depth + 1):
            a = torch.tanh(h).transpose(0, 1).reshape((2, batch * channels) + sites)  # the pair as conv's batch, networks as groups
            w = torch.randn((batch, channels, channels) + (kernel,) * dims, generator=gen) * wscale
            b = torch.randn(batch * channels, generator=gen) * sb
            h = conv(F.pad(a, pad, mode="circular"), w.reshape((batch * channels, channels) + (kernel,) * dims), b, groups=batch)
            h = h.reshape((2, batch, channels) + sites).transpose(0, 1)
            rho[layer] = mean_rho(h)
    else:
        # MLP (one site, one tap) or local filters: the pre-activations from their exact law given the layer below
        for layer in range(1, depth + 1):
            a = torch.tanh(h)
            u = a[:, 0].double()
            d = a[:, 1].double() - u
            uu = neighbour_sum((u * u).sum(1), dims)
            ud = neighbour_sum((u * d).sum(1), dims)
            dd = neighbour_sum((d * d).sum(1), dims)
            l00 = uu.sqrt()
            l10 = torch.where(uu > 0, ud / l00, torch.zeros_like(ud))
            pivot = dd - l10 * l10
            l11 = torch.where(pivot > 1e-15 * dd, pivot.clamp(min=0).sqrt(), torch.zeros_like(pivot))
            n = torch.randn((3, batch, channels) + sites, generator=gen, dtype=torch.float64)
            first = scale64 * l00.unsqueeze(1) * n[0] + sb * n[2]
            second = first + scale64 * (l10.unsqueeze(1) * n[0] + l11.unsqueeze(1) * n[1])
            h = torch.stack([first, second], 1).float()
            rho[layer] = mean_rho(h)
    return rho.t().reshape(len(sigmas), draws, depth + 1).numpy()


# ---- Eumentia's curve rules (CurveFits, ScanAnalysis), on mean curves ----
def log_spaced(a, b, count=24):
    return sorted({int(round(a * (b / a) ** (i / (count - 1)))) for i in range(count)})


def log_points(rho, a, b, offset=0.0):
    b = min(b, len(rho) - 1)
    if b <= a:
        return np.array([]), np.array([]), False
    death = next((l for l in range(a, b + 1) if not rho[l] > FLOOR), -1)
    layers = [l for l in log_spaced(a, b) if death < 0 or l < death]
    return np.log(np.array(layers, float) + offset), np.log(np.array([rho[l] for l in layers])), death >= 0


def dies(rho, a, b):
    return any(not rho[l] > FLOOR for l in range(a, min(b, len(rho) - 1) + 1))


def is_stationary(rho, depth):
    if dies(rho, depth // 2, depth) or not rho[depth] > ACTIVE_LEVEL:
        return False
    x, y, _ = log_points(rho, max(1, depth // 2), depth)
    if len(x) < 3:
        return False
    slope, icpt = np.polyfit(x, y, 1)
    err = math.sqrt(np.sum((y - slope * x - icpt) ** 2) / (len(x) - 2) / np.sum((x - x.mean()) ** 2))
    return slope > -(STATIONARY + 2 * (err if math.isfinite(err) else 0))


def curvature(rho, a, b, offset):
    x, y, died = log_points(rho, a, b, offset)
    if died:
        return -math.inf
    if len(x) < 4:
        return math.nan
    return float(np.polyfit(x - x.mean(), y, 2)[0])


def bracket(sigmas, means):
    """CriticalityStudy.Bracket: (low, high) of a coarse scan, ascending sigma_w."""
    def d(r):
        depth = len(r) - 1
        return dies(r, depth // 10, depth) or r[depth] < r[depth // 10] / 20
    last = max((k for k, r in enumerate(means) if d(r)), default=-1)
    step = sigmas[1] - sigmas[0] if len(sigmas) > 1 else 0.1 * sigmas[0]
    if last < 0:
        return sigmas[0] - step, sigmas[0]
    first = next((k for k in range(last + 1, len(means)) if is_stationary(means[k], len(means[k]) - 1)), -1)
    if first < 0:
        return sigmas[last], sigmas[last] + 2 * step
    return sigmas[last], sigmas[first]


def curvature_crossing(sigmas, curv):
    """ScanAnalysis.CriticalPoint: where the curvature turns from negative to positive (NaN when it never does)."""
    best, k = -1, -1
    for split in range(-1, len(sigmas)):
        score = sum(1 for i in range(len(sigmas)) if (curv[i] < 0 if i <= split else curv[i] >= 0))
        if score > best:
            best, k = score, split
    if k < 0 or k >= len(sigmas) - 1:
        return math.nan
    if not (curv[k] < 0 and curv[k + 1] >= 0) or not (math.isfinite(curv[k]) and math.isfinite(curv[k + 1])):
        return 0.5 * (sigmas[k] + sigmas[k + 1])
    near = [i for i in range(max(0, k - 1), min(len(sigmas), k + 3)) if math.isfinite(curv[i])]
    s, i0 = np.polyfit([sigmas[i] for i in near], [curv[i] for i in near], 1)
    root = -i0 / s
    if s > 0 and sigmas[k] <= root <= sigmas[k + 1]:
        return float(root)
    return sigmas[k] - curv[k] * (sigmas[k + 1] - sigmas[k]) / (curv[k + 1] - curv[k])


def window_to(c):
    nu_par, nu_perp = DP[c["dims"]]
    return max(c["decay_from"] + 8, int(min(c["fine_depth"] // 2, c["window_fraction"] * c["scan_size"] ** (nu_par / nu_perp))))


def size_time(c, size):
    nu_par, nu_perp = DP[c["dims"]]
    return size ** (nu_par / nu_perp)


# ---- training near the boundary ----
def train_one(x, y, xt, yt, width, depth, sw, sb, epochs, lr, gen):
    mods, fan_in = [], x.shape[1]
    for _ in range(depth):
        mods += [nn.Linear(fan_in, width), nn.Tanh()]
        fan_in = width
    mods.append(nn.Linear(fan_in, 10))
    net = nn.Sequential(*mods)
    with torch.no_grad():
        for m in net:
            if isinstance(m, nn.Linear):
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * (sw / math.sqrt(m.in_features)))
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * sb)
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=0.9)
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n, generator=gen)
        for start in range(0, n, 64):
            idx = order[start:start + 64]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    with torch.no_grad():
        logits = net(xt)
        return float((logits.argmax(1) == yt).float().mean()), float(F.cross_entropy(logits, yt))


def probe_shapes(spec):
    """(architecture name, weights, sampled, channels, sites, taps, depth, draws x sigma_w) of every probe the preset runs;
    stage 2 and 3 run at sigma_w that depend on the data, but their shapes and counts do not."""
    m = spec["mlp"]
    out = [("mlp", "shared", True, n, 1, 1, math.ceil(m["depth_per_width"] * n), m["collapse_draws"]) for n in m["widths"]]
    out.append(("mlp", "shared", True, m["scan_width"], 1, 1, m["scan_depth"], m["scan_draws"] * len(m["offsets"])))
    for c in spec["cnns"]:
        sampled, taps, sites = c["weights"] == "local", 3 ** c["dims"], lambda s: s ** c["dims"]
        shape = lambda size, depth, count: (c["dims"], c["weights"], sampled, c["channels"], sites(size), taps, depth, count)
        out.append(shape(c["scan_size"], c["coarse_depth"], c["coarse_draws"] * len(c["coarse"])))
        out.append(shape(c["scan_size"], c["fine_depth"], c["fine_draws"] * c["fine_points"]))
        out.append(shape(c["scan_size"], math.ceil(window_to(c) * math.sqrt(2)) + 1, c["decay_draws"]))
        out += [shape(s, math.ceil(c["depth_per_size_to_z"] * size_time(c, s)), c["collapse_draws"]) for s in c["sizes"]]
        if sampled and len(c["ordered"]) >= 2:
            out.append(shape(c["scan_size"], c["ordered_depth"], c["ordered_draws"] * len(c["ordered"])))
    return out


def protocol_flops(spec, inputs=784, classes=10, test=2000):
    """The arithmetic the preset's protocol needs, in FLOP (a multiply-add counts 2), per layer of every draw:
    a drawn filter (shared CNN) applies to both inputs of the pair at every site, 2 x 2 sites C (C taps); a layer
    sampled as pre-activations (MLP, local filters) needs the pair's three Gram sums 3 x 2 C per site, their
    neighbourhood sums and about 10 operations per unit for the two outputs; rho needs three sums of squares,
    3 x 2 C per site. The trainings count as phases_study.py counts them (forward 2P and backward 4P - 2P0 per
    example, the test forward 2P). Not counted: tanh, the random numbers (RNG work, not arithmetic)."""
    products = sampler = rho = 0
    for _, weights, sampled, c, sites, taps, depth, count in probe_shapes(spec):
        layers = depth * count
        if sampled:
            sampler += layers * sites * (6 * c + 3 * (taps - 1) + 10 * c)
        else:
            products += layers * 2 * 2 * sites * c * c * taps
        rho += layers * sites * 6 * c
    train = 0
    t = spec["training"]
    if t:
        for d in t["depths"]:
            dims = [inputs] + [t["width"]] * d + [classes]
            weights = sum(a * b for a, b in zip(dims, dims[1:]))
            first = dims[0] * dims[1]
            train += len(t["factors"]) * (t["epochs"] * t["train_size"] * (6 * weights - 2 * first) + test * 2 * weights)
    return {"flop_needed": products + sampler + rho + train, "flop_conv_products": products, "flop_preactivation_sampler": sampler,
            "flop_rho": rho, "flop_train": train, "probe_sets": len(probe_shapes(spec))}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--split", default="", help="Eumentia's split for the trainings (Eumentia.Bench data-split --out FILE)")
    ap.add_argument("--out", default="peer-criticality")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flops-only", action="store_true", help="print the protocol's FLOP count as a JSON line and stop")
    a = ap.parse_args()
    if a.flops_only:
        print("FLOPS " + json.dumps(protocol_flops(PRESETS[a.preset])), flush=True)
        return
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    spec = PRESETS[a.preset]
    sb = 0.3
    t0 = time.perf_counter()
    os.makedirs(os.path.join(a.out, "probes"), exist_ok=True)
    gh = hermite(spec["order"])
    sigma_c, q = critical_point(sb, gh)
    offset = time_offset(critical_rho_curve(sigma_c, sb, q, gh))
    records, summary = [], {"preset": a.preset, "sigma_w_c": sigma_c, "q_star": q, "cnns": {}, "training": []}

    def run(stage, name, arch, weights, sigmas, draws, channels, dims, size, depth):
        curves = probe(sigmas, draws, channels, dims, size, depth, weights, q, sb, gen)
        for s, c in zip(sigmas, curves):
            file = f"{len(records):04d}.npy"
            np.save(os.path.join(a.out, "probes", file), np.ascontiguousarray(c))
            records.append(dict(stage=stage, name=name, architecture=arch, weights=weights, sigma_w=s, width=channels, size=size,
                                depth=depth, draws=draws, file=file))
        return curves

    # Stage 1: MLP collapse and scan, CNN coarse scans, trainings.
    m = spec["mlp"]
    for n in m["widths"]:
        run("mlp-collapse", "mlp", "mlp", "shared", [sigma_c], m["collapse_draws"], n, 0, 1, math.ceil(m["depth_per_width"] * n))
    run("mlp-scan", "mlp", "mlp", "shared", [sigma_c * (1 + o) for o in m["offsets"]], m["scan_draws"], m["scan_width"], 0, 1, m["scan_depth"])
    names = [("cnn2d" if c["dims"] == 2 else "cnn1d") + ("-local" if c["weights"] == "local" else "") for c in spec["cnns"]]
    archs = ["cnn2d" if c["dims"] == 2 else "cnn1d" for c in spec["cnns"]]
    coarse = []
    for c, name, arch in zip(spec["cnns"], names, archs):
        sig = [sigma_c * f for f in sorted(c["coarse"])]
        coarse.append((sig, run("coarse", name, arch, c["weights"], sig, c["coarse_draws"], c["channels"], c["dims"], c["scan_size"], c["coarse_depth"])))
    t = spec["training"]
    if t:
        x, y, _, _, xt, yt = load(a.split, 1000, torch.Generator().manual_seed(a.seed + 1))
        x, y = x[:t["train_size"]], y[:t["train_size"]]
        for f in t["factors"]:
            for d in t["depths"]:
                acc, loss = train_one(x, y, xt, yt, t["width"], d, sigma_c * f, sb, t["epochs"], t["lr"], gen)
                summary["training"].append(dict(factor=f, depth=d, sigma_w=sigma_c * f, test_accuracy=acc, test_loss=loss))

    # Stage 2: each CNN's fine scan across its bracket.
    fine = []
    for c, name, arch, (sig, curves) in zip(spec["cnns"], names, archs, coarse):
        low, high = bracket(sig, [cv.mean(0) for cv in curves])
        top = high + 0.5 * (high - low)
        pts = [low + (top - low) * i / max(1, c["fine_points"] - 1) for i in range(c["fine_points"])]
        fine.append((low, high, top, pts, run("fine", name, arch, c["weights"], pts, c["fine_draws"], c["channels"], c["dims"], c["scan_size"], c["fine_depth"])))

    # Stage 3: at each CNN's critical point, the decay, the finite-size collapse and (local filters) the ordered scan.
    for c, name, arch, (low, high, top, pts, curves) in zip(spec["cnns"], names, archs, fine):
        wt = window_to(c)
        cfrom = max(c["decay_from"], wt // 10)
        off = offset(math.sqrt(c["decay_from"] * wt))
        means = [cv.mean(0) for cv in curves]
        first_active = len(pts)
        while first_active > 0 and is_stationary(means[first_active - 1], c["fine_depth"]):
            first_active -= 1
        curv = [math.inf if k >= first_active else curvature(mu, max(c["decay_from"], cfrom), wt, off) for k, mu in enumerate(means)]
        sc = curvature_crossing(pts, curv)
        criterion = "curvature"
        if not math.isfinite(sc):
            sc, criterion = 0.5 * (low + high), "middle of the bracket"
        summary["cnns"][name] = dict(bracket=[low, high], fine=pts, sigma_c=sc, criterion=criterion)
        run("decay", name, arch, c["weights"], [sc], c["decay_draws"], c["channels"], c["dims"], c["scan_size"], math.ceil(wt * math.sqrt(2)) + 1)
        for s in c["sizes"]:
            run("sizes", name, arch, c["weights"], [sc], c["collapse_draws"], c["channels"], c["dims"], s,
                math.ceil(c["depth_per_size_to_z"] * size_time(c, s)))
        if c["weights"] == "local" and len(c["ordered"]) >= 2:
            run("ordered", name, arch, c["weights"], [sc * (1 - e) for e in sorted(c["ordered"])], c["ordered_draws"], c["channels"],
                c["dims"], c["scan_size"], c["ordered_depth"])

    with open(os.path.join(a.out, "probes.json"), "w") as f:
        json.dump(records, f, indent=1)
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"sigma_w,c (mean field) = {sigma_c:.6f}; " + "; ".join(f"{k}: sigma_c {v['sigma_c']:.4f} ({v['criterion']})" for k, v in summary["cnns"].items()))
    print("TIMING " + json.dumps({"workload": "study", "case": f"criticality {a.preset} (peer)", "unit": "s", "median": round(seconds, 3),
                                  "probes": len(records), "threads": a.threads, "peak_rss_mib": round(peak, 1), "out": a.out}), flush=True)


if __name__ == "__main__":
    main()
