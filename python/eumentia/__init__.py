"""Eumentia's outputs in a notebook: study directories as pandas DataFrames with a column dictionary, and
Eumentia weights as PyTorch modules (and back).

    import eumentia
    tables = eumentia.load_study("runs/widths")        # {"results": DataFrame, "metrics": DataFrame, ...}
    eumentia.columns(tables["results"])                 # meaning and unit of every column
    model = eumentia.load_model("runs/train/weights.safetensors")   # torch nn.Sequential, strict names

Needs numpy and pandas; torch only for the weight functions (Debian: python3-numpy, python3-pandas, python3-torch).
"""
from .study import columns, describe, dictionary, load_run, load_study, read_csv  # noqa: F401
from .safetensors import load_file as load_safetensors, save_file as save_safetensors  # noqa: F401


def load_model(path, activation=None):
    """Eumentia (or torch-named) weights as an nn.Sequential(Linear, act, ..., Linear), loaded with strict=True."""
    from .torch import load_model as _load
    return _load(path, activation)


def save_model(model, path, activation):
    """An nn.Sequential's weights as safetensors with torch names, for `eumentia eval` / `train --init-from`."""
    from .torch import save_model as _save
    return _save(model, path, activation)


def state_dict(path):
    """The weights file as an nn.Sequential state_dict of torch tensors, and the file's metadata."""
    from .torch import state_dict as _sd
    return _sd(path)
