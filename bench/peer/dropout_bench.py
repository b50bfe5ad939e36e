#!/usr/bin/python3
"""Dropout throughput in PyTorch (Eumentia's addition to the peer scripts; same timing method as
gemm_bench.py): `apply` = F.dropout(x, p, training=True) (mask drawn, scaled, multiplied; a new tensor),
`fill` = the mask alone, torch.empty_like(x).bernoulli_(1 - p).div_(1 - p) (what F.dropout draws inside).
Usage: /usr/bin/python3 dropout_bench.py --shapes 32x100 128x256 128x512 256x1024 --p 0.3 --reps 5
"""
import argparse, json
import torch
from peer_timing import rate, add_clock_flag
import torch.nn.functional as F

ap = argparse.ArgumentParser()
ap.add_argument("--shapes", nargs="+", default=["32x100", "128x256", "128x512", "256x1024"])
ap.add_argument("--p", type=float, default=0.3)
ap.add_argument("--reps", type=int, default=5)
ap.add_argument("--min_time", type=float, default=0.2)
ap.add_argument("--threads", type=int, default=1)
add_clock_flag(ap)
a = ap.parse_args()
torch.set_num_threads(a.threads)


res = []
for shape in a.shapes:
    r, c = map(int, shape.split("x"))
    x = torch.randn(r, c)
    n = r * c
    keep = 1 - a.p
    cases = [(f"apply {shape}", lambda: F.dropout(x, a.p, training=True)),
             (f"fill {shape}", lambda: torch.empty_like(x).bernoulli_(keep).div_(keep))]
    for case, fn in cases:
        med, lo, hi = rate(fn, n / 1e6, a.reps, a.min_time, a.clock)
        res.append(dict(workload="dropout", case=case, unit="Melem/s", median=med, min=lo, max=hi))
        print(f"dropout {case} median={med:.2f} Melem/s  min={lo:.2f} max={hi:.2f}", flush=True)
print("JSON " + json.dumps(res))
