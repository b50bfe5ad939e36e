#!/usr/bin/python3
"""gemm_bench.py's workload (torch.mm, float32, square N x N), one timed repeat at a time on request, for
bench/lockstep.py, which alternates it repeat by repeat with Eumentia's `gemm-lockstep` (Eumentia's addition
to the peer scripts). Each line "THREADS N" on stdin answers "RATE <GFLOP/s>" on stdout; the first request
for a case allocates its matrices and calibrates the calls per repeat as gemm_bench.py does (one call, then
one more warm-up call). An empty line or end of input ends it.
Usage: /usr/bin/python3 gemm_lockstep.py [--min_time 0.25] [--clock wall|cpu]
"""
import argparse, sys
import torch
from peer_timing import calibrate, repeat, add_clock_flag

p = argparse.ArgumentParser()
p.add_argument("--min_time", type=float, default=0.25)
add_clock_flag(p)
a = p.parse_args()

torch.manual_seed(0)
cases = {}
threads = None
for line in sys.stdin:
    if not line.strip():
        break
    nt, n = map(int, line.split())
    if nt != threads:
        # Only on a change, as gemm_bench.py does: each call resizes torch's and OpenBLAS's thread pools, and the
        # products that follow run 15-60 % slower for a while.
        torch.set_num_threads(nt)
        threads = nt
    if (nt, n) not in cases:
        A = torch.randn(n, n); B = torch.randn(n, n); C = torch.empty(n, n)
        fn = lambda A=A, B=B, C=C: torch.mm(A, B, out=C)
        cases[nt, n] = fn, calibrate(fn, a.min_time, a.clock)
    fn, inner = cases[nt, n]
    print(f"RATE {repeat(fn, 2.0 * n ** 3 / 1e9, inner, a.clock)}", flush=True)
