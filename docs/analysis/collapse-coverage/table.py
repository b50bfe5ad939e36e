#!/usr/bin/env python3
"""Coverage table (markdown) from the per-replica CSVs of `collapse-coverage --replica-csv`.

Usage: python3 table.py replicas-*.csv
Per case and parameter: replicas, the fraction of replicas with the truth within 1 and 2 reported errors
(each +- its binomial standard error sqrt(f (1 - f) / n)), the mean pull (estimate - truth) / error, the
replica-to-replica scatter of the estimates over the mean reported error, and the mean S.
"""
import csv
import math
import sys
from collections import defaultdict

rows = defaultdict(list)
for path in sys.argv[1:]:
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows[(r["case"], r["master"], r["replicate_starts"], r["parameter"])].append(r)


def fraction(k, n):
    f = k / n
    return f"{100 * f:.0f} ± {100 * math.sqrt(f * (1 - f) / n):.0f} %"


print("| case | replicate starts | replicas | mean S | parameter | within 1σ | within 2σ | mean pull | scatter / error |")
print("|---|---|---|---|---|---|---|---|---|")
for (case, master, starts, parameter), rs in rows.items():
    seen = {}
    for r in rs:
        seen[r["replica"]] = r  # a replica written twice (a rerun) counts once
    rs = list(seen.values())
    n = len(rs)
    truth = float(rs[0]["truth"])
    est = [float(r["estimate"]) for r in rs]
    err = [float(r["error"]) for r in rs]
    s = [float(r["S"]) for r in rs]
    within1 = sum(abs(e - truth) <= d for e, d in zip(est, err))
    within2 = sum(abs(e - truth) <= 2 * d for e, d in zip(est, err))
    pull = sum((e - truth) / d for e, d in zip(est, err)) / n
    mean = sum(est) / n
    sd = math.sqrt(sum((e - mean) ** 2 for e in est) / max(1, n - 1))
    print(f"| {case} | {starts} | {n} | {sum(s) / n:.2f} | {parameter} | {fraction(within1, n)} | {fraction(within2, n)} | {pull:+.2f} | {sd / (sum(err) / n):.2f} |")
