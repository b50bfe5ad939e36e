#!/usr/bin/python3
"""gemm_bench.py's workload (torch.mm, float32, square N x N, median of repeats) with a choice of clock
(Eumentia's addition to the peer scripts): --clock cpu rates each repeat by the process's CPU time, so that
on a shared machine both sides are compared per second of CPU they actually got.
Usage: /usr/bin/python3 gemm_clock_bench.py --threads 1 2 --sizes 256 512 1024 2048 --reps 5 --clock cpu
"""
import argparse, json
import torch
from peer_timing import rate, add_clock_flag

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
p.add_argument("--sizes", type=int, nargs="+", default=[256, 512, 1024, 2048])
p.add_argument("--reps", type=int, default=7)
p.add_argument("--min_time", type=float, default=0.25)
add_clock_flag(p)
a = p.parse_args()

torch.manual_seed(0)
res = []
for nt in a.threads:
    torch.set_num_threads(nt)
    for n in a.sizes:
        A = torch.randn(n, n); B = torch.randn(n, n); C = torch.empty(n, n)
        med, lo, hi = rate(lambda: torch.mm(A, B, out=C), 2.0 * n ** 3 / 1e9, a.reps, a.min_time, a.clock)
        case = f"threads={nt} n={n}"
        res.append(dict(workload="gemm", case=case, unit="GFLOP/s", median=med, min=lo, max=hi))
        print(f"gemm {case} median={med:.2f} GFLOP/s  min={lo:.2f} max={hi:.2f} ({a.clock} clock)", flush=True)
print("JSON " + json.dumps(res))
