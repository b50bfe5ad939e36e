"""Loads every CSV under a directory with eumentia.load_study and checks that the column dictionary describes
every column (except the user's own input columns named after the directory). Run by the C# tests of every
study on the directories they produce:  python3 tests/check_study.py DIR [INPUT_COLUMN ...]"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import eumentia  # noqa: E402

directory, inputs = sys.argv[1], set(sys.argv[2:])
tables = eumentia.load_study(directory)
if not tables:
    sys.exit(f"no CSV under {directory}")
missing = []
count = 0
for key, frame in tables.items():
    described = eumentia.columns(frame)
    for _, row in described.iterrows():
        count += 1
        if row["meaning"] is None and row["column"] not in inputs:
            missing.append(f"{key}: {row['column']}")
    if len(frame.columns) == 0:
        missing.append(f"{key}: no columns")
if missing:
    sys.exit("columns without a meaning:\n" + "\n".join(missing))
print(f"{len(tables)} tables, {count} columns, all described")
