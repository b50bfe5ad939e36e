#!/usr/bin/env python3
"""Screens spreads of the bootstrap replicates as collapse errors, from the per-replicate CSVs of
`collapse-coverage --theta-csv` (every replicate's parameters of every replica).

Usage: python3 spreads.py theta-*.csv
Per case and parameter: 2-sigma coverage and the replica scatter over the mean error for each spread, the error
being factor x spread (factor: the run's sqrt(max(1, S)) x sqrt(n/(n-1))):
  sd       standard deviation over all replicates (ReplicateSpread.StandardDeviation)
  p16-84   half the 16-84 % range
  mad      1.4826 x the median absolute deviation
  core<k>  standard deviation over the replicates within k half-widths (16-84 %) of the median in every parameter
           of the case (core10: ReplicateSpread.Trimmed, CollapseErrors.Core)
A replica written twice counts once.
"""
import csv
import math
import sys
from collections import defaultdict


def quantile(v, q):
    h = (len(v) - 1) * q
    lo = int(math.floor(h))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (h - lo) * (v[hi] - v[lo])


def sd(v):
    m = sum(v) / len(v)
    return math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1))


def half_width(v):
    v = sorted(v)
    return 0.5 * (quantile(v, 0.84) - quantile(v, 0.16))


def mad(v):
    v = sorted(v)
    m = quantile(v, 0.5)
    return 1.4826 * quantile(sorted(abs(x - m) for x in v), 0.5)


def core_sd(k):
    def spread(rows, parameter):
        cols = {p: [float(x) for x in r["values"].split()] for p, r in rows.items()}
        n = len(next(iter(cols.values())))
        ok = [b for b in range(n) if all(math.isfinite(c[b]) for c in cols.values())]
        bounds = {p: (quantile(sorted(c[b] for b in ok), 0.5), half_width([c[b] for b in ok])) for p, c in cols.items()}
        core = [b for b in ok if all(abs(cols[p][b] - m) <= k * h for p, (m, h) in bounds.items())]
        if len(core) < 2:
            core = ok
        return sd([cols[parameter][b] for b in core])
    return spread


def single(f):
    return lambda rows, parameter: f([float(x) for x in rows[parameter]["values"].split() if x != "NaN"])



def main(paths):
    replicas = defaultdict(dict)  # (case, replica) -> parameter -> row
    for path in paths:
        with open(path, newline="") as f:
            for r in csv.DictReader(f):
                replicas[(r["case"], r["replica"])][r["parameter"]] = r
    methods = {"sd": single(sd), "p16-84": single(half_width), "mad": single(mad), "core5": core_sd(5), "core10": core_sd(10), "core20": core_sd(20)}
    table = defaultdict(list)  # (case, parameter) -> (estimate, truth, {method: error})
    for (case, _), rows in replicas.items():
        for p, r in rows.items():
            table[(case, p)].append((float(r["estimate"]), float(r["truth"]), {m: float(r["factor"]) * f(rows, p) for m, f in methods.items()}))

    print("| case | parameter | replicas | " + " | ".join(f"{m}: 2σ, scatter/error" for m in methods) + " |")
    print("|---|---|---|" + "---|" * len(methods))
    for (case, p), rs in table.items():
        n = len(rs)
        est = [e for e, _, _ in rs]
        scatter = sd(est)
        cells = []
        for m in methods:
            errs = [d[m] for _, _, d in rs]
            within2 = sum(abs(e - t) <= 2 * d[m] for e, t, d in rs)
            cells.append(f"{100 * within2 / n:.0f} %, {scatter / (sum(errs) / n):.2f}")
        print(f"| {case} | {p} | {n} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
