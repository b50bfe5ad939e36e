#!/usr/bin/python3
"""Pairs the "JSON [...]" lines of peer.*.txt and ours.*.txt in a folder and prints a markdown table:
workload, case, unit, Eumentia's median, the peer's median, and the ratio (ours / peer; above 1 is faster).
With several rounds, each side's figure is the median of its per-round medians. Used by compare.sh."""
import glob, json, os, statistics, sys


def records(path):
    for line in open(path):
        if line.startswith("JSON "):
            for r in json.loads(line[5:]):
                if "lib" in r:  # gemm_bench.py's own record format
                    r = dict(workload="gemm", case=f"threads={r['threads']} n={r['n']}", unit="GFLOP/s", median=r["median_gflops"])
                yield r


def collect(pattern):
    out = {}
    for path in sorted(glob.glob(pattern)):
        for r in records(path):
            out.setdefault((r["workload"], r["case"]), (r["unit"], []))[1].append(r["median"])
    return {k: (u, statistics.median(v)) for k, (u, v) in out.items()}


folder = sys.argv[1]
ours, peer = collect(os.path.join(folder, "ours.*.txt")), collect(os.path.join(folder, "peer.*.txt"))
print("| workload | case | unit | Eumentia | peer | ratio |")
print("|---|---|---|---:|---:|---:|")
for key in list(ours) + [k for k in peer if k not in ours]:
    unit, mine = ours.get(key, (peer.get(key, ("", 0))[0], None))
    theirs = peer.get(key, (unit, None))[1]
    fmt = lambda v: "-" if v is None else f"{v:.1f}"
    ratio = f"{mine / theirs:.2f}" if mine and theirs else "-"
    print(f"| {key[0]} | {key[1]} | {unit} | {fmt(mine)} | {fmt(theirs)} | {ratio} |")
