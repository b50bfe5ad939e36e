"""The safetensors format in pure Python (numpy only): Debian ships no safetensors package.

Layout (huggingface/safetensors): an 8-byte little-endian header length, a JSON header mapping each tensor's
name to its dtype, shape and byte offsets (plus an optional "__metadata__" of strings), then the raw
little-endian data.
"""
import json
import struct

import numpy as np

_DTYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2", "I8": "i1", "U8": "u1", "BOOL": "?"}
_NAMES = {np.dtype(v).str: k for k, v in _DTYPES.items()}


def load_file(path):
    """Returns (tensors, metadata): a dict name -> numpy array (C order) and the header's metadata dict."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: not a safetensors file")
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    metadata = header.pop("__metadata__", {}) or {}
    start = 8 + n
    tensors = {}
    for name, entry in header.items():
        begin, end = entry["data_offsets"]
        dtype = np.dtype(_DTYPES[entry["dtype"]])
        array = np.frombuffer(data[start + begin:start + end], dtype=dtype).reshape(entry["shape"])
        tensors[name] = array.copy()
    return tensors, metadata


def save_file(tensors, path, metadata=None):
    """Writes a dict name -> array (numpy, or anything numpy.asarray accepts, e.g. a CPU torch tensor)."""
    arrays = {name: np.ascontiguousarray(np.asarray(t)) for name, t in tensors.items()}
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    for name, a in arrays.items():
        header[name] = {"dtype": _NAMES[a.dtype.newbyteorder("<").str if a.dtype.byteorder == ">" else a.dtype.str],
                        "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for a in arrays.values():
            f.write(a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes())
