#!/usr/bin/python3
"""Pairs the results of peer.* and ours.* in a folder and prints a markdown table: workload, case, unit,
Eumentia's median, the peer's median, and the ratio ours / peer (above 1 is faster, except for memory).
Results are "JSON [...]" lines (ours, gemm_bench.py and the added peer scripts), torch_mlp_bench.py's --json
files, and the "MAXRSS_KB n" line compare.sh appends to each run. With several rounds, each side's rate is
the median of its per-round figures, and its peak memory the largest. Cases timed turn about (bench/lockstep.py)
carry the median of their pairs' ratios, which is then the ratio shown and checked. With --targets, also checks each target of the performance issue. Used by compare.sh."""
import glob, json, os, re, statistics, sys


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
    """The peak resident set of one process; results files are named side.workload.round.ext."""
    workload = os.path.basename(path).split(".")[1]
    for line in open(path):
        if line.startswith("MAXRSS_KB "):
            yield dict(workload="memory", case=f"peak resident set, {workload} run", unit="MB (lower is better)",
                       median=int(line.split()[1]) / 1024)


paired = {}  # (workload, case) -> the turn-about pairs' median ratios (bench/lockstep.py), one per run


def collect(side):
    out = {}
    for path in sorted(glob.glob(os.path.join(folder, side + ".*"))):
        rs = list(mlp_records(path)) if path.endswith(".json") else list(records(path)) + list(memory(path))
        for r in rs:
            out.setdefault((r["workload"], r["case"]), (r["unit"], []))[1].append(r["median"])
            if "paired_ratio" in r:
                paired.setdefault((r["workload"], r["case"]), []).append(r["paired_ratio"])
    # A run's peak memory is the largest over its processes (gemm runs one process per case); a rate is the
    # median over rounds.
    return {k: (u, max(v) if k[0] == "memory" else statistics.median(v)) for k, (u, v) in out.items()}


def ratio(key):
    """ours / peer: for cases timed turn about, the median of the pairs' ratios; else the ratio of the medians."""
    if key in paired:
        return statistics.median(paired[key])
    if key not in ours or key not in peer or not peer[key][1] or not ours[key][1]:
        return None
    # Times (whole studies, in seconds): the speed-up peer / ours, so that above 1 is faster here too.
    return peer[key][1] / ours[key][1] if ours[key][0].startswith("s (") else ours[key][1] / peer[key][1]


def targets(ours, peer):
    """The performance issue's targets: (description, ratio, what it must reach, higher is better)."""
    for (workload, case) in ours:
        if workload == "gemm":
            m = re.match(r"threads=(\d+) n=(\d+)", case)
            if m and int(m.group(2)) >= 512:
                yield f"SGEMM {case}: within 10 % of OpenBLAS", ratio((workload, case)), 0.90, True
        elif workload == "train" and case.startswith("train "):
            need = 2.0 if case.endswith("100:2:32") else 1.5
            yield f"{case} samples/s", ratio((workload, case)), need, True
        elif workload == "train" and case.endswith("bs1000 dropout_on"):
            yield f"{case} samples/s", ratio((workload, case)), 2.0, True
        elif workload == "ensemble" and "(peer:" not in case:
            yield f"{case}, against the peer's best", ratio((workload, case)), 1.5, True
        elif workload == "cnn-probe":
            yield f"CNN probe layer {case}: at least 2x torch's convolution", ratio((workload, case)), 2.0, True
        elif workload == "study":
            yield f"{case}: at least 3x its PyTorch script", ratio((workload, case)), 3.0, True
        elif workload == "memory":
            yield f"{case}, no higher than the peer's", ratio((workload, case)), 1.0, False


folder = sys.argv[-1]
ours, peer = collect("ours"), collect("peer")
print("| workload | case | unit | Eumentia | peer | ratio |")
print("|---|---|---|---:|---:|---:|")
for key in list(ours) + [k for k in peer if k not in ours]:
    unit, mine = ours.get(key, (peer.get(key, ("", 0))[0], None))
    theirs = peer.get(key, (unit, None))[1]
    fmt = lambda v: "-" if v is None else f"{v:.0f}" if v >= 1000 else f"{v:.1f}"
    shown = ratio(key) if mine and theirs else None
    text = "-" if shown is None else f"{shown:.2f}"
    if key in paired and mine and theirs:
        text += f" (medians {mine / theirs:.2f})"
    print(f"| {key[0]} | {key[1]} | {unit} | {fmt(mine)} | {fmt(theirs)} | {text} |")
if paired:
    print()
    print("SGEMM ratios are the median over the turn-about pairs of ours / peer (repeat by repeat); the ratio of the")
    print("two sides' medians is in brackets.")
def peak_fraction():
    """For each study with a FLOP count (flops.study-NAME.txt, the peer's --flops-only line), Eumentia's median wall
    time as GFLOP/s and as a fraction of the machine's FP32 FMA peak (peak.txt, bench/peak.py's line)."""
    peak = None
    if os.path.exists(os.path.join(folder, "peak.txt")):
        peak = json.loads(open(os.path.join(folder, "peak.txt")).read().split(" ", 1)[1])
    for path in sorted(glob.glob(os.path.join(folder, "flops.study-*.txt"))):
        study = os.path.basename(path)[len("flops.study-"):-len(".txt")]
        flops = json.loads(open(path).read().split(" ", 1)[1])
        times = [v for (w, c), (u, v) in ours.items() if w == "study" and c.startswith(f"study {study} ")]
        if not times:
            continue
        rate = flops["flop_needed"] / times[0] / 1e9
        print()
        if "flop_validation_per_epoch" in flops:  # phases_study.py's parts
            parts = (f"training {flops['flop_train'] / 1e12:.3f}, evaluation {flops['flop_eval'] / 1e12:.3f}; not needed and not counted: "
                     f"the per-epoch validation {flops['flop_validation_per_epoch'] / 1e12:.3f}, a whole forward per evaluation pass "
                     f"{flops['flop_eval_every_pass_whole'] / 1e12:.3f}")
        else:  # any other peer: every flop_* part it reports
            parts = ", ".join(f"{k[len('flop_'):].replace('_', ' ')} {v / 1e12:.3f}" for k, v in flops.items()
                              if k.startswith("flop_") and k != "flop_needed")
        print(f"{study}: the protocol needs {flops['flop_needed'] / 1e12:.3f} TFLOP ({parts}); Eumentia {times[0]:.1f} s: "
              f"{rate:.1f} GFLOP/s", end="")
        if peak and peak.get("peak_gflops"):
            print(f" = {100 * rate / peak['peak_gflops']:.1f} % of the FP32 FMA peak {peak['peak_gflops']:.1f} GFLOP/s"
                  f" ({peak['cores']} cores x {peak['ghz']:.3g} GHz [{peak['clock_from']}] x {peak['fma_units']} FMA units"
                  f" x {peak['lanes']} lanes x 2, {peak['microarchitecture']})")
        else:
            print(" (the machine's peak is unknown: see bench/peak.py)")


peak_fraction()
if "--targets" in sys.argv:
    print()
    print("| target | ratio | needed | met |")
    print("|---|---:|---:|---|")
    for name, r, need, higher in targets(ours, peer):
        met = "-" if r is None else "yes" if (r >= need if higher else r <= need) else "NO"
        print(f"| {name} | {'-' if r is None else f'{r:.2f}'} | {'≥' if higher else '≤'} {need:.2f} | {met} |")
