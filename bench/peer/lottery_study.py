#!/usr/bin/python3
"""The lottery-ticket study's quick preset as a PyTorch user would write it (the peer of `eumentia lottery --preset quick`).

Protocol (src/Eumentia/Studies/Lottery/: LotteryPresets quick, LotterySpec, LotteryRun, LevelMeasurements; Pruning;
NlgpGenerator): two data sets, the nonlinear Gaussian process (NLGP) x = erf(g z / sqrt 2) / sqrt gamma(g) on a ring of
64 sites at gain 10 and its matched Gaussian control (the NLGP's own output covariance), z a periodic Gaussian process
with C(d) = exp(-d^2 / xi^2), class 0 xi = 1, class 1 xi = 3, example i of class i mod 2; 4,000 training and 2,000 test
examples per (data set, seed), 6 seeds, the two data sets of one seed drawn from the same white noise (a paired control,
as Eumentia draws them). Network 64-64-2 ReLU, PyTorch's nn.Linear initialisation U(+-1/sqrt fan_in) for weights and
biases, mean cross-entropy, SGD lr 0.05 momentum 0.9 (torch's form), batch 64, 20 epochs, the training set reshuffled
every epoch in an order fixed per (data set, seed) (every level and baseline of a trajectory sees the same order).
IMP with rewinding to initialisation: level 0 trains the dense net; level l >= 1 removes the smallest-magnitude 20 %
(rounded half away from zero) of the first layer's surviving weights of level l - 1's trained net (ties by index), puts
the survivors back to their initial values and retrains with a fresh optimizer, until 90 % of the first layer is
pruned (11 levels). Baselines at IMP levels 4, 8 and 11 (every 4th and the last): oneshot (the dense trained net's
largest weights at that count, rewound), random (a uniformly random mask of that count), shuffled (IMP's per-unit
survivor counts at random sites) and reinit (IMP's mask on a fresh initialisation). Each trained net is measured as
Eumentia measures it: test loss and accuracy; on the first layer's units with a surviving weight, the IPR, normalised
IPR, distance ratio, neighbour correlation and window excess (radius 2) of each unit's incoming weights (Locality.cs);
the pooled and within-class excess kurtosis of the pre-activations over the first 2,000 training examples and the
non-Gaussianity mean_c |kappa_c| (PreactivationStatistics.cs); for IMP levels the cavity effects of every surviving
weight (Cavity.cs: four mixed-moment matrices) scored by AUC against the next round's pruning (Ranking.cs); and the
median input excess kurtosis. All measures are means over live units, in float64.

Data: the generator is ported (circulant square root of the periodic kernel through its Fourier spectrum, negative
eigenvalues clipped, the matched control's covariance from the realised latent kernel), not read from Eumentia's
files, so the two sides draw different examples of the same ensembles and agree statistically, seed spread against
seed spread; the sparsity of every level is exact and must match.

Written the way a careful user would: torch.set_num_threads, every trajectory of one IMP level (12 nets) and then all
144 baselines trained in lock step with batched matrix products (baddbmm), each net with its own data, data order and
mask (the mask multiplies the weight in the forward pass, so pruned weights get no gradient and stay zero); every
measurement vectorised over nets and units under torch.no_grad in float64 (the cavity moments as four batched matrix
products). --mode loop trains one nn.Sequential-style net at a time instead (the textbook way; slower).

Output (--out DIR): DIR/results.csv with Eumentia's results.csv column names (one row per data set, seed, method and
level) for `Eumentia.Bench lottery-agree`, and one "TIMING {...}" line on stdout: the script's own timing, peak memory
and the protocol's FLOP count (--flops-only prints only that). `bench/compare.sh study lottery` runs it against
`eumentia lottery --preset quick`.
"""
import argparse, json, math, os, resource, time
import numpy as np
import torch
import torch.nn.functional as F

METHODS = ["imp", "oneshot", "random", "shuffled", "reinit"]

PRESETS = {
    # LotterySpec's defaults with Seeds = 6 (LotteryPresets.quick).
    "quick": dict(data=["nlgp", "gp"], seeds=6, side=64, gain=10.0, xi0=1.0, xi1=3.0, train=4000, test=2000, width=64, epochs=20,
                  lr=0.05, momentum=0.9, batch=64, prune=0.2, target=0.9, baselines=["oneshot", "random", "shuffled", "reinit"],
                  every=4, probe=2000, radius=2.0),
    # LotteryPresets.tiny: seconds, for testing the harness.
    "tiny": dict(data=["nlgp", "gp"], seeds=2, side=16, gain=10.0, xi0=1.0, xi1=2.5, train=400, test=100, width=8, epochs=2,
                 lr=0.05, momentum=0.9, batch=64, prune=0.3, target=0.6, baselines=["oneshot", "random"], every=2, probe=400, radius=2.0),
}
MIN_CLASS_EXAMPLES = 20  # PreactivationStatistics.MinClassExamples
COLUMNS = ["data", "seed", "method", "level", "remaining", "prunable", "density", "steps", "test_loss", "test_accuracy", "live_units",
           "fan_in_mean", "ipr_mean", "ipr_mean_se", "ipr_median", "ipr_normalised_mean", "ipr_normalised_mean_se", "distance_ratio_mean",
           "distance_ratio_mean_se", "neighbour_correlation_mean", "neighbour_correlation_mean_se", "window_excess_mean", "window_excess_mean_se",
           "kurtosis_mean", "kurtosis_mean_se", "kurtosis_median", "kurtosis_within_mean", "kurtosis_within_mean_se", "non_gaussianity_mean",
           "non_gaussianity_mean_se", "input_kurtosis", "cavity_auc", "cavity_ng_auc", "cavity_spearman"]


# ---------------------------------------------------------------- data: the NLGP and its matched Gaussian control

def ring_distance2(side):
    d = np.abs(np.arange(side)[:, None] - np.arange(side)[None, :])
    d = np.minimum(d, side - d)
    return (d * d).astype(np.float64)


def circulant(kernel, what):
    """The realised kernel and the symmetric square root matrix of the periodic covariance with this (even) kernel."""
    spectrum = np.fft.fft(kernel).real
    negative, total = -spectrum[spectrum < 0].sum(), np.abs(spectrum).sum()
    if total > 0 and negative / total > 1e-3:
        raise SystemExit(f"lottery_study: {what}: the periodic kernel is not positive semi-definite")
    clipped = np.maximum(spectrum, 0)
    realised = np.fft.ifft(clipped).real
    root = np.fft.ifft(np.sqrt(clipped)).real
    n = len(kernel)
    return realised, root[(np.arange(n)[None, :] - np.arange(n)[:, None]) % n]


def gamma(g):
    return 2 / math.pi * math.asin(g * g / (1 + g * g))


def square_roots(p):
    """S_c per class for the NLGP's latent z and for the matched control."""
    d2 = ring_distance2(p["side"])[0]
    latent, matched = [], []
    for c, xi in enumerate([p["xi0"], p["xi1"]]):
        kernel, s = circulant(np.exp(-d2 / (xi * xi)), f"class {c}")
        latent.append(s)
        g = p["gain"]
        matched.append(circulant(2 / math.pi * np.arcsin(g * g * kernel / (1 + g * g)) / gamma(g), f"matched control, class {c}")[1])
    return latent, matched


def draw(p, roots, count, gen):
    """count examples of both data sets from one white noise: {name: (x [count, sites] float32, y [count])}."""
    latent, matched = roots
    noise = torch.randn(count, p["side"], generator=gen, dtype=torch.float64)
    y = torch.arange(count) % 2
    out = {}
    for name in p["data"]:
        z = torch.empty_like(noise)
        for c in (0, 1):
            s = torch.from_numpy(latent[c] if name == "nlgp" else matched[c])
            z[y == c] = noise[y == c] @ s
        x = torch.erf(p["gain"] * z / math.sqrt(2)) / math.sqrt(gamma(p["gain"])) if name == "nlgp" else z
        out[name] = (x.float(), y)
    return out


# ---------------------------------------------------------------- networks trained in lock step

def survivors(remaining, fraction):
    """Pruning.Survivors: remaining - round(fraction * remaining), half away from zero."""
    return remaining - int(math.floor(fraction * remaining + 0.5))


def level_count(prunable, fraction, target):
    remaining, levels = prunable, 0
    while 1 - remaining / prunable < target - 1e-12:
        remaining = survivors(remaining, fraction); levels += 1
    return levels


def init(e, sizes, gen):
    """PyTorch's nn.Linear initialisation for e nets: [(W [e, out, in], b [e, 1, out])]."""
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = 1 / math.sqrt(fan_in)
        w = (torch.rand(e, fan_out, fan_in, generator=gen) * 2 - 1) * bound
        b = (torch.rand(e, 1, fan_out, generator=gen) * 2 - 1) * bound
        layers.append((w, b))
    return layers


def train_lockstep(layers, mask, x, y, which, orders, p):
    """Trains e nets together from `layers` (copied) with first-layer masks [e, out, in]. Net k trains on trajectory
    which[k]'s data x[which[k]] [n, in], y[which[k]] [n] in its order orders[which[k]] [epochs, n] (gathered batch by
    batch, so that nets sharing a trajectory share its data in memory). Returns the trained layers (detached)."""
    params = [(w.clone().requires_grad_(), b.clone().requires_grad_()) for w, b in layers]
    opt = torch.optim.SGD([t for wb in params for t in wb], lr=p["lr"], momentum=p["momentum"])
    n = x.shape[1]
    batch = min(p["batch"], n)
    rows = which.unsqueeze(1)
    for epoch in range(p["epochs"]):
        order = orders[which, epoch]
        for start in range(0, n, batch):
            idx = order[:, start:start + batch]
            h, yb = x[rows, idx], y[rows, idx]
            for li, (w, b) in enumerate(params):
                w = w * mask if li == 0 else w
                h = torch.baddbmm(b, h, w.transpose(1, 2))
                if li < len(params) - 1:
                    h = torch.relu(h)
            # The sum over nets of each net's mean loss: every net gets its own gradient, unscaled.
            loss = F.cross_entropy(h.reshape(-1, h.shape[-1]), yb.reshape(-1), reduction="sum") / idx.shape[1]
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return [(w.detach() * (mask if li == 0 else 1), b.detach()) for li, (w, b) in enumerate(params)]


def train(layers, mask, x, y, which, orders, p, mode):
    if mode == "bmm":
        return train_lockstep(layers, mask, x, y, which, orders, p)
    # One net at a time (the textbook loop), through the same step function with e = 1.
    parts = [train_lockstep([(w[k:k + 1], b[k:k + 1]) for w, b in layers], mask[k:k + 1], x, y, which[k:k + 1], orders, p)
             for k in range(len(which))]
    return [(torch.cat([q[li][0] for q in parts]), torch.cat([q[li][1] for q in parts])) for li in range(len(layers))]


def keep_largest(w, candidates, keep):
    """Masks keeping, per net, the `keep` largest |w| among the candidates (ties by index, as Pruning.KeepLargest)."""
    e = w.shape[0]
    score = torch.where(candidates.reshape(e, -1) != 0, w.reshape(e, -1).abs(), torch.tensor(-1.0))
    order = torch.sort(score, dim=1, descending=True, stable=True).indices[:, :keep]
    mask = torch.zeros(e, w[0].numel())
    mask.scatter_(1, order, 1.0)
    return mask.reshape(w.shape)


# ---------------------------------------------------------------- measurements (LevelMeasurements), float64, vectorised

def excess_kurtosis(m2, m4):
    return torch.where(m2 > 1e-300, m4 / (m2 * m2) - 3, torch.tensor(float("nan"), dtype=torch.float64))


def summary(values, live):
    """Mean, standard error and median over the live units' finite values, per net: three [e] tensors."""
    out = []
    for v, ok in zip(values, live):
        v = v[ok & torch.isfinite(v)]
        n = v.numel()
        mean = v.mean().item() if n else float("nan")
        se = (v.std(unbiased=True) / math.sqrt(n)).item() if n > 1 else float("nan")
        out.append((mean, se, median(v.numpy())))
    return out


def median(v):
    v = np.sort(v[np.isfinite(v)])
    n = len(v)
    return float("nan") if n == 0 else float(v[n // 2]) if n % 2 else float((v[n // 2 - 1] + v[n // 2]) / 2)


def average_ranks(v):
    _, inverse, counts = np.unique(v, return_inverse=True, return_counts=True)
    start = np.cumsum(counts) - counts
    return (start + (counts + 1) / 2.0)[inverse]


def auc(score, label):
    positives, negatives = label.sum(), (~label).sum()
    if positives == 0 or negatives == 0:
        return float("nan")
    return float((average_ranks(score)[label].sum() - positives * (positives + 1) / 2.0) / (positives * negatives))


def spearman(a, b):
    if len(a) < 2:
        return float("nan")
    ra, rb = average_ranks(a), average_ranks(b)
    ra, rb = ra - ra.mean(), rb - rb.mean()
    saa, sbb = (ra * ra).sum(), (rb * rb).sum()
    return float((ra * rb).sum() / math.sqrt(saa * sbb)) if saa > 0 and sbb > 0 else float("nan")


def moments(x, w, effects):
    """Kurtosis per unit of h = W x over the probe rows x [e, P, in] (centred here), and when asked the four mixed moments
    E[h^p x^q] [e, units, in] and E x^2, E x^4 [e, 1, in] of Cavity.Compute."""
    xc = x - x.mean(1, keepdim=True)
    h = xc @ w.transpose(1, 2)  # [e, P, units]
    h2 = h * h
    m2, m4 = h2.mean(1), (h2 * h2).mean(1)
    kappa = excess_kurtosis(m2, m4)
    if not effects:
        return kappa, None
    count = x.shape[1]
    xsq = xc * xc
    mixed = [(h.transpose(1, 2) @ xc) / count, ((h2 * h).transpose(1, 2) @ xc) / count, (h2.transpose(1, 2) @ xsq) / count,
             (h.transpose(1, 2) @ (xsq * xc)) / count]
    return kappa, (m2, m4, mixed, xsq.mean(1, keepdim=True), (xsq * xsq).mean(1, keepdim=True))


def cavity_delta(kappa, mom, w, mask):
    """Delta kappa_ij of removing w_ij alone (Cavity.Compute), NaN where the weight is pruned or the unit dead."""
    m2, m4, (a11, a31, a22, a13), s2, s4 = mom
    a = w
    r2 = m2.unsqueeze(2) - 2 * a * a11 + a * a * s2
    r4 = m4.unsqueeze(2) - 4 * a * a31 + 6 * a * a * a22 - 4 * a ** 3 * a13 + a ** 4 * s4
    delta = excess_kurtosis(r2, r4) - kappa.unsqueeze(2)
    return torch.where((mask != 0) & torch.isfinite(kappa).unsqueeze(2), delta, torch.tensor(float("nan"), dtype=torch.float64))


@torch.no_grad()
def measure(layers, mask, xtest, ytest, xprobe, yprobe, p, next_mask=None):
    """One row of measures per net (dicts of results.csv's columns), as LevelMeasurements.Measure."""
    e = mask.shape[0]
    h = xtest
    for li, (w, b) in enumerate(layers):
        h = torch.baddbmm(b, h, w.transpose(1, 2))
        if li < len(layers) - 1:
            h = torch.relu(h)
    test_loss = F.cross_entropy(h.transpose(1, 2), ytest, reduction="none").mean(1)
    test_acc = (h.argmax(2) == ytest).double().mean(1)

    w = layers[0][0].double()  # [e, units, in], pruned entries zero
    units, sites = w.shape[1], w.shape[2]
    q = w * w
    total = q.sum(2)
    fan_in = (w != 0).sum(2)
    live = fan_in > 0
    nan = torch.tensor(float("nan"), dtype=torch.float64)
    ipr = torch.where(total > 0, (q * q).sum(2) / (total * total), nan)
    normalised = torch.where(fan_in > 0, ipr * (fan_in + 2) / 3, nan)
    # Distance ratio: sum_{a != b} p_a p_b d_ab^2 / ((1 - sum p^2) Dbar^2) on the ring (the diagonal of D is zero).
    d2 = torch.from_numpy(ring_distance2(sites))
    mean_pair = d2.sum().item() / (sites * (sites - 1))
    prob = q / total.clamp_min(1e-300).unsqueeze(2)
    denominator = (1 - (prob * prob).sum(2)) * mean_pair
    ratio = torch.where((total > 0) & (denominator > 1e-12 * mean_pair), ((prob @ d2) * prob).sum(2) / denominator.clamp_min(1e-300), nan)
    # Neighbour correlation on a periodic ring (one axis).
    neighbours = torch.where(total > 0, (w * torch.roll(w, -1, dims=2)).sum(2) / total.clamp_min(1e-300), nan)
    # Window excess: the share of w^2 within `radius` of the peak, against its expectation for shuffled positions.
    r2 = p["radius"] ** 2
    window_sites = (d2 <= r2).sum().item() / sites
    peak = q.argmax(2)  # the first largest, as Locality.WindowExcess
    p_max = torch.gather(q, 2, peak.unsqueeze(2)).squeeze(2) / total.clamp_min(1e-300)
    expected = p_max + (window_sites - 1) * (1 - p_max) / (sites - 1)
    near = d2[peak] <= r2  # [e, units, in]
    mass = (q * near).sum(2) / total.clamp_min(1e-300)
    window = torch.where((total > 0) & (1 - expected > 1e-12), (mass - expected) / (1 - expected), nan)

    # Pre-activations over the probe set: pooled, and within each class with enough examples.
    xp = xprobe.double()
    effects = next_mask is not None
    kappa, pooled = moments(xp, w, effects)
    per_class = [moments(xp[:, yprobe == c], w, effects) for c in (0, 1) if int((yprobe == c).sum()) >= MIN_CLASS_EXAMPLES]
    within = torch.stack([k for k, _ in per_class]).mean(0)
    ng = torch.stack([k.abs() for k, _ in per_class]).mean(0)
    # Input excess kurtosis: median over the varying coordinates (the same for every net of one data set and seed).
    xc = xp - xp.mean(1, keepdim=True)
    s2, s4 = (xc ** 2).mean(1), (xc ** 4).mean(1)
    input_kurtosis = torch.where(s2 > 1e-12, s4 / (s2 * s2) - 3, nan)

    stats = {name: summary(v, live) for name, v in
             [("ipr", ipr), ("ipr_normalised", normalised), ("distance_ratio", ratio), ("neighbour_correlation", neighbours),
              ("window_excess", window), ("kurtosis", kappa), ("kurtosis_within", within), ("non_gaussianity", ng)]}
    rows = []
    for k in range(e):
        row = {"test_loss": test_loss[k].item(), "test_accuracy": test_acc[k].item(), "live_units": int(live[k].sum()),
               "fan_in_mean": fan_in[k][live[k]].double().mean().item() if live[k].any() else float("nan"),
               "input_kurtosis": median(input_kurtosis[k].numpy()), "cavity_auc": float("nan"), "cavity_ng_auc": float("nan"),
               "cavity_spearman": float("nan")}
        for name, values in stats.items():
            mean, se, med = values[k]
            row[name + "_mean"], row[name + "_mean_se"] = mean, se
            if name in ("ipr", "kurtosis"):
                row[name + "_median"] = med
        rows.append(row)
    if effects:
        delta = cavity_delta(kappa, pooled, w, mask)
        deltas_c = [cavity_delta(kc, mc, w, mask) for kc, mc in per_class]
        delta_ng = torch.stack([(kc.unsqueeze(2) + dc).abs() for (kc, _), dc in zip(per_class, deltas_c)]).mean(0) - ng.unsqueeze(2)
        for k in range(e):
            ok = ((mask[k] != 0) & torch.isfinite(delta[k])).flatten().numpy()
            d = delta[k].flatten().numpy()[ok]
            dng = delta_ng[k].flatten().numpy()[ok]
            pruned_next = (next_mask[k].flatten().numpy() == 0)[ok]
            finite = np.isfinite(dng)
            rows[k]["cavity_auc"] = auc(d, pruned_next)
            rows[k]["cavity_ng_auc"] = auc(dng[finite], pruned_next[finite])
            rows[k]["cavity_spearman"] = spearman(d, np.abs(w[k].flatten().numpy()[ok]))
    return rows


# ---------------------------------------------------------------- the study

def protocol_flops(p):
    """The arithmetic the quick preset's protocol needs, in FLOP (a multiply-add counts 2; dense products, as both sides
    compute them: masked weights are multiplied as zeros). Training per example: forward 2P, backward 4P - 2 P0 (no
    input gradient of the first layer), P the weights, P0 the first layer's. Per trained net: the test forward 2P per
    test example; the pre-activations over the probe set, pooled and per class (2 x 2 P0 per probe example); for IMP
    levels the cavity method's four mixed-moment products, pooled and per class (2 x 8 P0 per probe example). Data
    generation (one sites x sites product per example) is counted apart."""
    sizes = [p["side"], p["width"], 2]
    weights = sum(a * b for a, b in zip(sizes, sizes[1:]))
    first = sizes[0] * sizes[1]
    levels = level_count(first, p["prune"], p["target"])
    trajectories = len(p["data"]) * p["seeds"]
    baseline_levels = [lv for lv in range(1, levels + 1) if lv % p["every"] == 0 or lv == levels]
    imp_nets = trajectories * (levels + 1)
    nets = imp_nets + trajectories * len(baseline_levels) * len(p["baselines"])
    per_net_train = p["epochs"] * p["train"] * (6 * weights - 2 * first)
    train = nets * per_net_train
    evaluation = nets * p["test"] * 2 * weights
    probe = min(p["probe"], p["train"])
    measures = nets * 2 * probe * 2 * first + imp_nets * 2 * probe * 8 * first
    data = p["seeds"] * (p["train"] + p["test"]) * 2 * p["side"] ** 2 * len(p["data"])
    return {"flop_needed": train + evaluation + measures, "flop_train": train, "flop_eval": evaluation, "flop_measures": measures,
            "flop_data_not_counted": data, "nets": nets, "levels": levels}


def write_results(path, rows):
    with open(path + ".tmp", "w") as f:
        f.write(",".join(COLUMNS) + "\n")
        for r in rows:
            f.write(",".join(repr(r[c]) if isinstance(r[c], float) else str(r[c]) for c in COLUMNS) + "\n")
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--preset", choices=sorted(PRESETS), default="quick")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", choices=["bmm", "loop"], default="bmm")
    ap.add_argument("--out", default="peer-lottery")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--split", default="", help="accepted and ignored (compare.sh passes every study peer Eumentia's MNIST split)")
    ap.add_argument("--flops-only", action="store_true", help="print the protocol's FLOP count as a JSON line and stop")
    a = ap.parse_args()
    p = PRESETS[a.preset]
    flops = protocol_flops(p)
    if a.flops_only:
        print("FLOPS " + json.dumps(flops), flush=True)
        return
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)
    t0 = time.perf_counter()

    # Data: each seed one draw of white noise for both data sets; trajectories are (data set, seed).
    roots = square_roots(p)
    traj = [(name, s) for name in p["data"] for s in range(p["seeds"])]
    by_seed = [(draw(p, roots, p["train"], gen), draw(p, roots, p["test"], gen)) for _ in range(p["seeds"])]
    x = torch.stack([by_seed[s][0][d][0] for d, s in traj])
    y = torch.stack([by_seed[s][0][d][1] for d, s in traj])
    xt = torch.stack([by_seed[s][1][d][0] for d, s in traj])
    yt = torch.stack([by_seed[s][1][d][1] for d, s in traj])
    probe = min(p["probe"], p["train"])
    xp, yp = x[:, :probe], y[0, :probe]  # every data set labels example i with class i mod 2
    t_data = time.perf_counter() - t0

    e, n = len(traj), p["train"]
    sizes = [p["side"], p["width"], 2]
    orders = torch.stack([torch.stack([torch.randperm(n, generator=gen) for _ in range(p["epochs"])]) for _ in range(e)])
    rewind = init(e, sizes, gen)
    prunable = sizes[0] * sizes[1]
    levels = level_count(prunable, p["prune"], p["target"])
    steps = p["epochs"] * math.ceil(n / min(p["batch"], n))
    rows, trained = [], []
    mask = torch.ones(e, sizes[1], sizes[0])

    def record(method, level, layers, m, next_mask):
        for k, r in enumerate(measure(layers, m, xt, yt, xp, yp, p, next_mask)):
            remaining = int((m[k] != 0).sum())
            rows.append({"data": traj[k][0], "seed": traj[k][1], "method": method, "level": level, "remaining": remaining,
                         "prunable": prunable, "density": remaining / prunable, "steps": steps, **r})

    t1 = time.perf_counter()
    for level in range(levels + 1):
        layers = train([(w * (mask if li == 0 else 1), b) for li, (w, b) in enumerate(rewind)], mask, x, y, torch.arange(e), orders, p, a.mode)
        keep = survivors(int(mask[0].sum()), p["prune"])
        next_mask = keep_largest(layers[0][0], mask, keep)
        record("imp", level, layers, mask, next_mask)
        trained.append((layers, mask))
        mask = next_mask

    # Every baseline of every trajectory at once: nets (method, level, trajectory).
    baseline_levels = [lv for lv in range(1, levels + 1) if lv % p["every"] == 0 or lv == levels]
    jobs, masks, starts = [], [], []
    dense = trained[0][0][0][0]
    fresh = init(e, sizes, gen)
    for lv in baseline_levels:
        ticket = trained[lv][1]
        count = int(ticket[0].sum())
        for method in p["baselines"]:
            if method == "oneshot":
                m = keep_largest(dense, torch.ones_like(ticket), count)
            elif method == "random":
                m = torch.zeros(e, prunable)
                m.scatter_(1, torch.argsort(torch.rand(e, prunable, generator=gen), dim=1)[:, :count], 1.0)
                m = m.reshape(ticket.shape)
            elif method == "shuffled":
                ranks = torch.argsort(torch.argsort(torch.rand(ticket.shape, generator=gen), dim=2), dim=2)
                m = (ranks < ticket.sum(2, keepdim=True)).float()
            else:  # reinit
                m = ticket
            start = fresh if method == "reinit" else rewind
            jobs += [(method, lv, k) for k in range(e)]
            masks.append(m)
            starts.append([(w * (m if li == 0 else 1), b) for li, (w, b) in enumerate(start)])
    if jobs:
        mb = torch.cat(masks)
        start = [(torch.cat([s[li][0] for s in starts]), torch.cat([s[li][1] for s in starts])) for li in range(len(sizes) - 1)]
        rep = torch.tensor([k for _, _, k in jobs])
        layers = train(start, mb, x, y, rep, orders, p, a.mode)
        # Measured e nets at a time: the probe moments of all of them at once would take a gigabyte.
        results = []
        for c in range(0, len(jobs), e):
            part = slice(c, c + e)
            results += measure([(w[part], b[part]) for w, b in layers], mb[part], xt[rep[part]], yt[rep[part]], xp[rep[part]], yp, p)
        for (method, lv, k), r, m in zip(jobs, results, mb):
            remaining = int((m != 0).sum())
            rows.append({"data": traj[k][0], "seed": traj[k][1], "method": method, "level": lv, "remaining": remaining,
                         "prunable": prunable, "density": remaining / prunable, "steps": steps, **r})
    t_run = time.perf_counter() - t1

    os.makedirs(a.out, exist_ok=True)
    rows.sort(key=lambda r: (r["data"], r["seed"], METHODS.index(r["method"]), r["level"]))
    write_results(os.path.join(a.out, "results.csv"), rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    timing = {"workload": "study", "case": f"lottery {a.preset} (peer: {a.mode})", "unit": "s", "median": round(t_run + t_data, 3),
               "data_seconds": round(t_data, 3), "train_measure_seconds": round(t_run, 3), "threads": a.threads,
               "peak_rss_mib": round(peak, 1), "out": a.out, **flops}
    # Not a "JSON" line: compare.sh times both sides from outside, the same way, and writes those lines itself.
    print("TIMING " + json.dumps(timing), flush=True)


if __name__ == "__main__":
    main()
