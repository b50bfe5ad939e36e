#!/usr/bin/python3
"""The criticality study's random-CNN probe in PyTorch, layer by layer (Eumentia's addition to the peer scripts;
timing as gemm_bench.py): one input pair [2, C, L] (or [2, C, L, L]) propagated through `depth` layers, each
tanh, a fresh shared filter N(0, sigma_w^2 / (C * taps)) and bias N(0, sigma_b^2), a periodic convolution
(F.pad circular + conv1d/conv2d, 3-wide or 3x3), and rho = 1 - cos of the pair averaged over the sites, under
torch.no_grad on one thread (the study runs its weight draws in parallel, one thread each). Rates in layers/s,
the same shapes as `Eumentia.Bench cnn-probe`: CHANNELS:SIZE:DIMENSIONS.
Usage: /usr/bin/python3 cnn_probe_bench.py --shapes 8:256:1 8:32:2 --depth 200 --reps 5 --min_time 0.2
--check prints the mean rho at a few depths for a given sigma_w instead (the decay the study measures), to set
against Eumentia's probe at the same settings.
"""
import argparse, json, math
import torch
import torch.nn.functional as F
from peer_timing import rate, add_clock_flag


@torch.no_grad()
def propagate(channels, size, dims, depth, sigma_w, sigma_b, gen, rho0=0.5, q0=1.0):
    """rho_l for l = 0..depth of one weight draw, one input pair of squared length C q0 per site and cosine 1 - rho0."""
    shape = (channels,) + (size,) * dims
    z = torch.randn((2,) + shape, generator=gen)
    e1 = z[0] / z[0].norm(dim=0, keepdim=True)
    o = z[1] - (z[1] * e1).sum(0, keepdim=True) * e1
    e2 = o / o.norm(dim=0, keepdim=True)
    c0, r = 1 - rho0, math.sqrt(channels * q0)
    h = torch.stack([r * e1, r * (c0 * e1 + math.sqrt(1 - c0 * c0) * e2)])
    conv = F.conv1d if dims == 1 else F.conv2d
    pad = (1, 1) * dims
    scale = sigma_w / math.sqrt(channels * 3 ** dims)
    rho = [rho_of(h)]
    for _ in range(depth):
        w = torch.randn((channels, channels) + (3,) * dims, generator=gen) * scale
        b = torch.randn(channels, generator=gen) * sigma_b
        h = conv(F.pad(torch.tanh(h), pad, mode="circular"), w, b)
        rho.append(rho_of(h))
    return rho


def rho_of(h):
    """1 - cos of the two signals per site, averaged over the sites (Eumentia's cancellation-free form)."""
    a, b = h[0].double(), h[1].double()
    na, nb = a.norm(dim=0), b.norm(dim=0)
    dd = ((a - b) ** 2).sum(0)
    rho = ((dd - (na - nb) ** 2) / (2 * na * nb)).clamp(0, 2)
    return float(torch.where(dd == 0, torch.zeros_like(rho), rho).mean())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shapes", nargs="+", default=["8:256:1", "8:32:2", "16:512:1", "16:64:2", "32:2048:1", "32:128:2"])
    ap.add_argument("--depth", type=int, default=200)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--min_time", type=float, default=0.2)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--sigma-w", type=float, default=1.5)
    ap.add_argument("--sigma-b", type=float, default=0.3)
    ap.add_argument("--draws", type=int, default=16)
    add_clock_flag(ap)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(0)
    res = []
    for shape in a.shapes:
        c, l, d = map(int, shape.split(":"))
        if a.check:
            runs = torch.tensor([propagate(c, l, d, a.depth, a.sigma_w, a.sigma_b, gen) for _ in range(a.draws)])
            mean, se = runs.mean(0), runs.std(0) / math.sqrt(a.draws)
            at = sorted({0, 1, 2, 4, 8, 16, 32, 64, a.depth} & set(range(a.depth + 1)))
            print(f"{shape} sigma_w {a.sigma_w} sigma_b {a.sigma_b}: " + ", ".join(f"rho_{i} = {mean[i]:.4f} ± {se[i]:.4f}" for i in at))
            continue
        med, lo, hi = rate(lambda: propagate(c, l, d, a.depth, 1.5, 0.3, gen), a.depth, a.reps, a.min_time, a.clock)
        print(f"cnn-probe cnn {shape} median={med:.1f} layers/s min={lo:.1f} max={hi:.1f}", flush=True)
        res.append({"workload": "cnn-probe", "case": f"cnn {shape}", "unit": "layers/s", "median": med, "min": lo, "max": hi})
    if not a.check:
        print("JSON " + json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
