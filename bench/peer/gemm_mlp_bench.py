#!/usr/bin/python3
"""SGEMM GFLOP/s via torch.mm on the products of one MLP training step (Eumentia's addition to the peer
scripts; same timing method as gemm_bench.py). nn.Linear convention, W stored out x in:
  fwd  Y  = X . W^T   (m=batch, n=out, k=in)     torch.mm(X, W.t())
  dx   dX = dY . W    (m=batch, n=in,  k=out)    torch.mm(dY, W)        (not for the first layer)
  dw   dW = dY^T . X  (m=out,   n=in,  k=batch)  torch.mm(dY.t(), X)
Usage: /usr/bin/python3 gemm_mlp_bench.py --threads 1 2 --configs 256:2:128 100:2:32 --reps 5 [--each]
Prints one line per case and a final line "JSON [...]" with records {workload, case, unit, median, min, max}.
"""
import argparse, json
import torch
from peer_timing import rate, add_clock_flag

p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
p.add_argument("--configs", nargs="+", default=["256:2:128", "512:3:128", "100:2:32", "1024:2:256", "100:2:64"])
p.add_argument("--reps", type=int, default=5)
p.add_argument("--min_time", type=float, default=0.2)
p.add_argument("--each", action="store_true", help="also time every product on its own")
add_clock_flag(p)
a = p.parse_args()


def products(config):
    h, depth, batch = map(int, config.split(":"))
    widths = [784] + [h] * depth + [10]
    for l in range(len(widths) - 1):
        fi, fo = widths[l], widths[l + 1]
        yield ("fwd", batch, fo, fi)
        if l > 0:
            yield ("dx", batch, fi, fo)
        yield ("dw", fo, fi, batch)


def call(name, m, n, k):
    if name == "fwd":
        X, W = torch.randn(m, k), torch.randn(n, k)
        return lambda: torch.mm(X, W.t())
    if name == "dx":
        dY, W = torch.randn(m, k), torch.randn(k, n)
        return lambda: torch.mm(dY, W)
    dY, X = torch.randn(k, m), torch.randn(k, n)
    return lambda: torch.mm(dY.t(), X)


torch.manual_seed(0)
res = []
for nt in a.threads:
    torch.set_num_threads(nt)
    for config in a.configs:
        prods = [(q, call(*q)) for q in products(config)]
        cases = []
        if a.each:
            cases += [(f"{q[0]} {q[1]}x{q[2]}x{q[3]}", fn, 2.0 * q[1] * q[2] * q[3] / 1e9) for q, fn in prods]

        def step(prods=prods):
            for _, fn in prods:
                fn()
        cases.append(("step", step, sum(2.0 * q[1] * q[2] * q[3] for q, _ in prods) / 1e9))
        for key, fn, work in cases:
            med, lo, hi = rate(fn, work, a.reps, a.min_time, a.clock)
            case = f"threads={nt} {config} {key}"
            res.append(dict(workload="gemm-mlp", case=case, unit="GFLOP/s", median=med, min=lo, max=hi))
            print(f"gemm-mlp {case} median={med:.2f} GFLOP/s  min={lo:.2f} max={hi:.2f}", flush=True)
print("JSON " + json.dumps(res))
