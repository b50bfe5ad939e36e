#!/usr/bin/python3
"""Pairs the results of peer.* and ours.* in a folder and prints a markdown table: workload, case, unit,
Eumentia's median, the peer's median, and the ratio ours / peer (above 1 is faster, except for memory).
Results are "JSON [...]" lines (ours, gemm_bench.py and the added peer scripts), torch_mlp_bench.py's --json
files, and the "MAXRSS_KB n" line compare.sh appends to each run. With several rounds, each side's figure is
the median of its per-round figures. Used by compare.sh."""
import glob, json, os, statistics, sys


def records(path):
    for line in open(path):
        if line.startswith("JSON "):
            for r in json.loads(line[5:]):
                if "lib" in r:  # gemm_bench.py's own record format
                    r = dict(workload="gemm", case=f"threads={r['threads']} n={r['n']}", unit="GFLOP/s", median=r["median_gflops"])
                yield r


def mlp_records(path):
    """torch_mlp_bench.py's --json results in the case names of Eumentia's train and ensemble workloads."""
    for r in json.load(open(path)):
        if "train_sps_median" in r:
            config = f"{r['H']}:{r['depth']}:{r['batch']}"
            yield dict(workload="train", case=f"train {config}", unit="samples/s", median=r["train_sps_median"])
            for key, v in r["eval"].items():  # bs1000_dropout_on
                bs, mode = key.split("_", 1)
                yield dict(workload="train", case=f"eval {config} {bs} {mode}", unit="samples/s", median=v["sps"])
        elif "E" in r:
            name = f"ensemble {r['E']}x784-" + "-".join([str(r["H"])] * r["depth"]) + f"-10 batch {r['batch']}"
            best = 0
            for kind in ("sequential", "bmm", "vmap"):
                if f"{kind}_aggregate_sps_median" in r:
                    v = r[f"{kind}_aggregate_sps_median"]
                    best = max(best, v)
                    yield dict(workload="ensemble", case=f"{name} (peer: {kind})", unit="model-samples/s", median=v)
            yield dict(workload="ensemble", case=name, unit="model-samples/s", median=best)


def memory(path):
    for line in open(path):
        if line.startswith("MAXRSS_KB "):
            yield dict(workload="memory", case="peak resident set of the whole run", unit="MB (lower is better)",
                       median=int(line.split()[1]) / 1024)


def collect(side):
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, side + ".*"))):
        rs = list(mlp_records(path)) if path.endswith(".json") else list(records(path)) + list(memory(path))
        for r in rs:
            out.setdefault((r["workload"], r["case"]), (r["unit"], []))[1].append(r["median"])
    return {k: (u, statistics.median(v)) for k, (u, v) in out.items()}


folder = sys.argv[1]
ours, peer = collect("ours"), collect("peer")
print("| workload | case | unit | Eumentia | peer | ratio |")
print("|---|---|---|---:|---:|---:|")
for key in list(ours) + [k for k in peer if k not in ours]:
    unit, mine = ours.get(key, (peer.get(key, ("", 0))[0], None))
    theirs = peer.get(key, (unit, None))[1]
    fmt = lambda v: "-" if v is None else f"{v:.0f}" if v >= 1000 else f"{v:.1f}"
    ratio = f"{mine / theirs:.2f}" if mine and theirs else "-"
    print(f"| {key[0]} | {key[1]} | {unit} | {fmt(mine)} | {fmt(theirs)} | {ratio} |")
