#!/usr/bin/env python3
"""The dense network's locality per training regime, from `eumentia collect --kind lottery-imp` of a sweep of
lottery-imp runs (docs/findings/lottery/regime-scan.yaml): one Markdown row per regime (the config fields that vary,
data set and seed aside) with, per data set, the mean ± standard error over seeds of the window excess, distance
ratio, normalised IPR and test accuracy, and the NLGP − control gaps paired by seed (same seed = same initialisation
and data order). Python's standard library only.

    python3 docs/findings/lottery/regime_table.py runs/lottery-regime/results.csv
"""
import csv
import math
import sys

MEASURES = [("window_excess_mean", "window excess"), ("distance_ratio_mean", "distance ratio"),
            ("ipr_normalised_mean", "normalised IPR"), ("test_accuracy", "accuracy")]
GAPS = [("window_excess_mean", "Δ window (nlgp − gp)"), ("distance_ratio_mean", "Δ distance ratio (nlgp − gp)")]


def mean_se(values):
    v = [x for x in values if math.isfinite(x)]
    if not v:
        return "n/a"
    m = sum(v) / len(v)
    if len(v) < 2:
        return f"{m:.3f} (n = 1)"
    se = math.sqrt(sum((x - m) ** 2 for x in v) / (len(v) - 1) / len(v))
    return f"{m:.3f} ± {se:.3f}"


def number(text):
    try:
        return float(text)
    except ValueError:
        return math.nan


def table(rows):
    header = list(rows[0].keys())
    # Config fields lie between collect's bookkeeping columns (…, error) and the result fields (method, …).
    config = header[header.index("error") + 1:header.index("method")]
    done = [r for r in rows if r["status"] == "done"]
    if not done:
        raise SystemExit("regime_table: no finished runs in the table")
    axes = [c for c in config if c not in ("data", "seed") and len({r[c] for r in done}) > 1]
    regimes = {}
    for r in done:
        regimes.setdefault(tuple(r[a] for a in axes), []).append(r)
    datas = sorted({r["data"] for r in done}, key=lambda d: (d != "nlgp", d))
    columns = axes + [f"{label}, {d}" for d in datas for _, label in MEASURES]
    paired = "nlgp" in datas and "gp" in datas
    if paired:
        columns += [label for _, label in GAPS]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for key in sorted(regimes, key=lambda k: [number(x) if math.isfinite(number(x)) else x for x in k]):
        runs = regimes[key]
        cells = list(key)
        for d in datas:
            these = [r for r in runs if r["data"] == d]
            cells += [mean_se(number(r[m]) for r in these) for m, _ in MEASURES]
        if paired:
            by = {(r["data"], r["seed"]): r for r in runs}
            seeds = sorted({r["seed"] for r in runs if ("nlgp", r["seed"]) in by and ("gp", r["seed"]) in by})
            cells += [mean_se(number(by[("nlgp", s)][m]) - number(by[("gp", s)][m]) for s in seeds) for m, _ in GAPS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv):
    if len(argv) != 2:
        print("usage: regime_table.py RESULTS.csv (from eumentia collect --kind lottery-imp)", file=sys.stderr)
        return 2
    try:
        with open(argv[1], newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as e:
        print(f"regime_table: cannot read {argv[1]}: {e.strerror}", file=sys.stderr)
        return 1
    if not rows or "method" not in rows[0] or "error" not in rows[0]:
        print(f"regime_table: {argv[1]} is not a results table of lottery-imp runs (eumentia collect --kind lottery-imp)", file=sys.stderr)
        return 1
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
