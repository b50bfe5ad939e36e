#!/usr/bin/env python3
"""Coverage table (markdown) from the per-replica CSVs of `collapse-coverage --replica-csv`.

Usage: python3 table.py [--spread sd|percentile|mad] replicas-*.csv
Per case, grid and parameter: replicas, the fraction of replicas with the truth within 1 and 2 reported errors
(each +- its binomial standard error sqrt(f (1 - f) / n)), the mean pull (estimate - truth) / error, the
replica-to-replica scatter of the estimates over the mean reported error, and the mean S.
--spread picks which spread of the bootstrap replicates is the error: the CSVs written since the spread was an
option carry all three (error_standarddeviation, error_percentile, error_mad); older ones carry only `error`, the
standard deviation, and count for --spread sd only. A replica written twice (a rerun) counts once.
"""
import csv
import math
import sys
from collections import defaultdict

args = sys.argv[1:]
spread = "sd"
if args[:1] == ["--spread"]:
    spread, args = args[1], args[2:]
column = {"sd": "error_standarddeviation", "percentile": "error_percentile", "mad": "error_mad"}[spread]

rows = defaultdict(dict)
for path in args:
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            if column in r:
                error = r[column]
            elif spread == "sd" and r.get("spread", "StandardDeviation") == "StandardDeviation":
                error = r["error"]
            else:
                continue
            if error == "NaN":  # the drop-smallest extrapolation has only its headline error
                if r.get("spread") != {"sd": "StandardDeviation", "percentile": "Percentile", "mad": "Mad"}[spread]:
                    continue
                error = r["error"]
            rows[(r["case"], r["replicate_starts"], r["parameter"])][r["replica"]] = (r, float(error))


def fraction(k, n):
    f = k / n
    return f"{100 * f:.0f} ± {100 * math.sqrt(f * (1 - f) / n):.0f} %"


print("| case | replicate starts | replicas | mean S | parameter | within 1σ | within 2σ | mean pull | scatter / error |")
print("|---|---|---|---|---|---|---|---|---|")
for (case, starts, parameter), seen in rows.items():
    rs = list(seen.values())
    n = len(rs)
    truth = float(rs[0][0]["truth"])
    est = [float(r["estimate"]) for r, _ in rs]
    err = [e for _, e in rs]
    s = [float(r["S"]) for r, _ in rs]
    within1 = sum(abs(e - truth) <= d for e, d in zip(est, err))
    within2 = sum(abs(e - truth) <= 2 * d for e, d in zip(est, err))
    pull = sum((e - truth) / d for e, d in zip(est, err)) / n
    mean = sum(est) / n
    sd = math.sqrt(sum((e - mean) ** 2 for e in est) / max(1, n - 1))
    print(f"| {case} | {starts} | {n} | {sum(s) / n:.2f} | {parameter} | {fraction(within1, n)} | {fraction(within2, n)} | {pull:+.2f} | {sd / (sum(err) / n):.2f} |")
