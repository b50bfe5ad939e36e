"""A study directory in pandas: every CSV Eumentia wrote, with the meaning and unit of each column."""
import json
import os
import re

_DICTIONARY = None


def dictionary():
    """The column dictionary (columns.json): {"columns": {...}, "patterns": [...], "files": {...}}."""
    global _DICTIONARY
    if _DICTIONARY is None:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "columns.json"), encoding="utf-8") as f:
            _DICTIONARY = json.load(f)
    return _DICTIONARY


def describe(column, file=None):
    """{"meaning": ..., "unit": ...} for a column (of the named CSV file, whose own entries come first), or None.
    NAME_se is the standard error of NAME, in NAME's unit."""
    d = dictionary()
    if file is not None and column in d["files"].get(os.path.basename(file), {}):
        return d["files"][os.path.basename(file)][column]
    if column in d["columns"]:
        return d["columns"][column]
    for p in d["patterns"]:
        if re.match(p["pattern"], column):
            return {"meaning": p["meaning"], "unit": p["unit"]}
    if column.endswith("_se"):
        base = describe(column[:-3], file)
        if base is not None:
            return {"meaning": "standard error of " + column[:-3] + ": " + base["meaning"], "unit": base["unit"]}
    return None


def columns(frame, file=None):
    """A DataFrame with one row per column of `frame`: column, meaning, unit (None where the dictionary has no
    entry: a column of the user's own input that fit and collapse carry over)."""
    import pandas as pd
    file = file or frame.attrs.get("eumentia_file")
    rows = []
    for name in frame.columns:
        entry = describe(name, file) or {"meaning": None, "unit": None}
        rows.append({"column": name, "meaning": entry["meaning"], "unit": entry["unit"]})
    return pd.DataFrame(rows, columns=["column", "meaning", "unit"])


def read_csv(path):
    """One Eumentia CSV as a DataFrame (run keys and hashes kept as text), with attrs["eumentia_file"] set."""
    import pandas as pd
    frame = pd.read_csv(path, dtype={"run_key": str, "data_sha256": str, "init_sha256": str, "key": str}, keep_default_na=True)
    frame.attrs["eumentia_file"] = os.path.basename(path)
    return frame


def load_study(directory):
    """Every CSV under a study, sweep or run directory, keyed by its path relative to the directory without
    ".csv" ("results", "metrics", "probes/<key>/rho", "imp/level-01/units", ...). Each frame carries its file
    name in attrs["eumentia_file"], so columns(frame) describes it."""
    tables = {}
    for root, _, files in os.walk(directory):
        for name in sorted(files):
            if name.endswith(".csv"):
                path = os.path.join(root, name)
                key = os.path.relpath(path, directory)[:-4].replace(os.sep, "/")
                tables[key] = read_csv(path)
    return dict(sorted(tables.items()))


def load_run(directory):
    """A training run's directory: config (dict), result (dict, None until it finished), metrics (DataFrame)."""
    def read(name):
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    metrics = os.path.join(directory, "metrics.csv")
    return {"config": read("config.json"), "result": read("result.json"), "metrics": read_csv(metrics) if os.path.exists(metrics) else None}
