#!/usr/bin/python3
"""SGEMM side by side, turn about: the peer (bench/peer/gemm_lockstep.py) and Eumentia (`gemm-lockstep`) run as
two long-lived processes, and each timed repeat of a case (gemm_bench.py's: calls of torch.mm or Eumentia's
SGEMM on square float32 matrices for at least --min_time seconds) alternates between them, who goes first
alternating too. This host's speed moves by a third within seconds (its neighbours' load); processes timed one
after the other see different machines, repeats taken in turns see the same one. Both sides are timed the same
way, by the same number of repeats; the medians are over each side's repeats, and the ratio is the median of
the pairs' ratios (ours / peer, repeat by repeat), the estimate a paired design calls for.

Writes peer.gemm.lockstep.txt and ours.gemm.lockstep.txt to --out, each a "JSON [...]" line of records and a
"MAXRSS_KB n" line (the process's peak resident set), the files bench/compare_table.py reads. Used by
compare.sh gemm; runnable alone:

  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 bench/lockstep.py \\
      --threads 1 2 --sizes 512 1024 --reps 10 --out /tmp/ls --ours dotnet bench/Eumentia.Bench/bin/Release/net10.0/Eumentia.Bench.dll
"""
import argparse, json, os, statistics, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
p.add_argument("--sizes", type=int, nargs="+", default=[256, 512, 1024, 2048])
p.add_argument("--reps", type=int, default=5, help="timed repeats per case and side, in each round")
p.add_argument("--rounds", type=int, default=1, help="passes over all cases (reps x rounds repeats per case)")
p.add_argument("--min_time", type=float, default=0.25, help="min seconds per timed repeat")
p.add_argument("--clock", choices=["wall", "cpu"], default="wall")
p.add_argument("--out", required=True, help="folder for the two results files")
p.add_argument("--ours", nargs="+", required=True, help="the command that runs Eumentia.Bench")
a = p.parse_args()
for name in ("threads", "sizes"):
    if any(v < 1 for v in getattr(a, name)):
        sys.exit(f"lockstep.py: --{name} must be positive integers, got {getattr(a, name)}")
if a.reps < 1 or a.rounds < 1 or a.min_time <= 0:
    sys.exit("lockstep.py: --reps and --rounds must be at least 1 and --min_time positive")

timing = ["--min_time", str(a.min_time), "--clock", a.clock]
sides = {
    "peer": subprocess.Popen([sys.executable, os.path.join(here, "peer", "gemm_lockstep.py")] + timing,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True),
    "ours": subprocess.Popen(a.ours + ["gemm-lockstep"] + timing, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True),
}


def one_repeat(side, threads, n):
    proc = sides[side]
    proc.stdin.write(f"{threads} {n}\n")
    proc.stdin.flush()
    for line in proc.stdout:
        if line.startswith("RATE "):
            return float(line.split()[1])
    sys.exit(f"lockstep.py: the {side} process ended before answering '{threads} {n}' (exit code {proc.wait()})")


cases = [(t, n) for t in a.threads for n in a.sizes]
rates = {(side, case): [] for side in sides for case in cases}
# Thread count outermost: the peer changes its thread pools' size once per thread count, as gemm_bench.py does.
# Who goes first alternates from one repeat of a case to the next.
for t in a.threads:
    for rep in range(a.rounds * a.reps):
        for n in a.sizes:
            for side in ("peer", "ours") if rep % 2 == 0 else ("ours", "peer"):
                rates[side, (t, n)].append(one_repeat(side, t, n))


def paired_ratio(t, n):
    """Median over the turn-about pairs of ours / peer. The host's speed is bimodal (another tenant on the core
    or not), so each side's median can land in a different mode: the ratio of the two medians then swings by
    ±10 % where the pairs' ratios agree within a few per cent."""
    return statistics.median(o / q for o, q in zip(rates["ours", (t, n)], rates["peer", (t, n)]))


os.makedirs(a.out, exist_ok=True)
for side, proc in sides.items():
    proc.stdin.write("\n")
    proc.stdin.close()
    proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"lockstep.py: the {side} process exited with code {proc.returncode}")
    records = []
    for t, n in cases:
        g = rates[side, (t, n)]
        record = dict(workload="gemm", case=f"threads={t} n={n}", unit="GFLOP/s",
                      median=statistics.median(g), min=min(g), max=max(g), reps=len(g), repeats=g)
        if side == "ours":
            # The paired estimate: each repeat of ours against the peer's repeat beside it.
            record["paired_ratio"] = paired_ratio(t, n)
        records.append(record)
    tmp = os.path.join(a.out, f".{side}.gemm.lockstep.txt")
    with open(tmp, "w") as f:
        f.write("JSON " + json.dumps(records) + "\n")
        f.write(f"MAXRSS_KB {usage.ru_maxrss}\n")
    os.replace(tmp, os.path.join(a.out, f"{side}.gemm.lockstep.txt"))

for t, n in cases:
    ours, peer = rates["ours", (t, n)], rates["peer", (t, n)]
    paired = paired_ratio(t, n)
    print(f"gemm threads={t} n={n}: ours median {statistics.median(ours):.1f}, peer median {statistics.median(peer):.1f} "
          f"GFLOP/s over {len(ours)} repeats each, turn about (median of the pairs' ratios {paired:.2f})", file=sys.stderr)
