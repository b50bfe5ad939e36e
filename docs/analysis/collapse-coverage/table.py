#!/usr/bin/env python3
"""Coverage table (markdown) from the CSVs of `collapse-coverage --replica-csv` and `--theta-csv`.

Usage: python3 table.py [--spread trimmed|sd] replicas*.csv theta-*.csv [comparisons-*.csv]
Per case (and grid) and parameter: replicas, the fraction of replicas with the truth within 1 and 2 reported errors
(each +- its binomial standard error sqrt(f (1 - f) / n)), the mean pull (estimate - truth) / error +- its standard
error (the pulls' standard deviation / sqrt(n)), the
replica-to-replica scatter of the estimates over the mean reported error, and the mean S.
The error is recomputed from every bootstrap replicate (theta CSVs) with the spread asked for: trimmed (the default
ReplicateSpread.Trimmed: the standard deviation over the replicates within 20 half-widths of the median in every
parameter) or sd (over all replicates). Replica CSVs give S, and the error of rows whose replicates are not at hand
(the drop-smallest extrapolation, and runs from before the theta CSVs) where their run used that spread: the
column `spread`, or the standard deviation for files without it. A replica written twice counts once.
Comparison CSVs (`--comparison-csv`, cases with a rival form) add a second table: per case, in how many replicas the
comparison decided for the true form, was undecided, found that neither form collapses, or decided for the rival.
"""
import csv
import math
import sys
from collections import defaultdict

from spreads import core_sd, sd

args = sys.argv[1:]
spread = "trimmed"
if args[:1] == ["--spread"]:
    spread, args = args[1], args[2:]
run_spread = {"trimmed": "Trimmed", "sd": "StandardDeviation"}[spread]

errors = {}  # (case, parameter, replica) -> (estimate, truth, error)
s_of = {}  # (case, replica) -> S
starts_of = {}
thetas = defaultdict(dict)
decisions = {}  # (case, replica) -> "true" | "Undecided" | "NeitherCollapses" | "rival"
for path in args:
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if "decision" in r:
                decided = r["decision"] == "Decided"
                decisions[(r["case"], r["replica"])] = ("true" if r["winner"] == r["true_form"] else "rival") if decided else r["decision"]
                continue
            if "values" in r:
                thetas[(r["case"], r["replica"])][r["parameter"]] = r
                continue
            s_of[(r["case"], r["replica"])] = float(r["S"])
            starts_of[r["case"]] = r["replicate_starts"]
            if r.get("spread", "StandardDeviation") == run_spread:
                errors[(r["case"], r["parameter"], r["replica"])] = (float(r["estimate"]), float(r["truth"]), float(r["error"]))

method = core_sd(20) if spread == "trimmed" else (lambda rows, p: sd([float(x) for x in rows[p]["values"].split() if x != "NaN"]))
for (case, replica), rows in thetas.items():
    for p, r in rows.items():
        errors[(case, p, replica)] = (float(r["estimate"]), float(r["truth"]), float(r["factor"]) * method(rows, p))

groups = defaultdict(list)
for (case, p, replica), v in errors.items():
    groups[(case, p)].append((replica, v))


def fraction(k, n):
    f = k / n
    return f"{100 * f:.0f} ± {100 * math.sqrt(f * (1 - f) / n):.0f} %"


def split(case):
    """(case without its grid, grid): the benchmark names its cases <form>-<coarse|fine>; power-small has its own grid."""
    for grid, step in (("coarse", "0.02"), ("fine", "0.005")):
        if f"-{grid}" in case:
            return case.replace(f"-{grid}", ""), f"{grid} ({step})"
    return case, "0.015"


print("| case | grid (p step) | replicate starts | replicas | mean S | parameter | within 1σ | within 2σ | mean pull | scatter / error |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (case, parameter), rs in sorted(groups.items(), key=lambda g: (split(g[0][0]), list(groups).index(g[0]))):
    n = len(rs)
    est = [e for _, (e, _, _) in rs]
    truth = rs[0][1][1]
    err = [d for _, (_, _, d) in rs]
    s = [s_of[(case, r)] for r, _ in rs if (case, r) in s_of]
    within1 = sum(abs(e - truth) <= d for e, d in zip(est, err))
    within2 = sum(abs(e - truth) <= 2 * d for e, d in zip(est, err))
    pulls = [(e - truth) / d for e, d in zip(est, err)]
    pull = sum(pulls) / n
    pull_se = math.sqrt(sum((q - pull) ** 2 for q in pulls) / max(1, n - 1) / n)
    mean = sum(est) / n
    scatter = math.sqrt(sum((e - mean) ** 2 for e in est) / max(1, n - 1))
    mean_s = f"{sum(s) / len(s):.2f}" if s else "—"
    print(f"| {' | '.join(split(case))} | {starts_of.get(case, 4)} | {n} | {mean_s} | {parameter} | {fraction(within1, n)} | {fraction(within2, n)} | {pull:+.2f} ± {pull_se:.2f} | {scatter / (sum(err) / n):.2f} |")

if decisions:
    print()
    print("| case | grid (p step) | replicas compared | decided for the true form | undecided | neither collapses | decided for the rival |")
    print("|---|---|---|---|---|---|---|")
    for case in sorted({c for c, _ in decisions}, key=split):
        d = [v for (c, _), v in decisions.items() if c == case]
        n = len(d)
        cells = " | ".join(fraction(sum(v == k for v in d), n) for k in ("true", "Undecided", "NeitherCollapses", "rival"))
        print(f"| {' | '.join(split(case))} | {n} | {cells} |")
