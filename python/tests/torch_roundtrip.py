"""The issue's "done when" path on the PyTorch side, run by the C# test TorchPythonTests on a run that
Eumentia trained on a CSV with a split column:

    python3 tests/torch_roundtrip.py RUN_DIR OUT_DIR

Loads RUN_DIR/weights.safetensors into an nn.Sequential with strict names, computes the mean cross-entropy on
the CSV's test rows and compares it with result.json's test_loss at p_eval = 0 (to 1e-6), then writes the model
back with torch names (OUT_DIR/from_torch.safetensors) and torch's logits on the test rows (OUT_DIR/torch_logits.npy)
for the C# side to compare."""
import json
import os
import sys

import numpy as np
import pandas as pd
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import eumentia  # noqa: E402

run, out = sys.argv[1], sys.argv[2]
config = eumentia.load_run(run)["config"]
result = eumentia.load_run(run)["result"]
csv = config["data"].split(":", 1)[1]
frame = pd.read_csv(csv)
test = frame[frame["split"] == "test"]
x = torch.tensor(test.drop(columns=["label", "split"]).to_numpy(dtype=np.float32))
y = torch.tensor(test["label"].to_numpy(dtype=np.int64))

model = eumentia.load_model(os.path.join(run, "weights.safetensors"))  # strict=True inside
with torch.no_grad():
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits.double(), y).item()
expected = next(e["test_loss"] for e in result["evaluations"] if e["p_eval"] == 0)
print(f"torch test loss {loss:.10f}, eumentia {expected:.10f}, difference {abs(loss - expected):.2e}")
if abs(loss - expected) > 1e-6:
    sys.exit("torch and Eumentia disagree on the test loss")

# Strict loading must refuse a wrong architecture: one layer too many.
sd, _ = eumentia.state_dict(os.path.join(run, "weights.safetensors"))
wrong = torch.nn.Sequential(*list(model.children()), torch.nn.ReLU(), torch.nn.Linear(5, 5))
try:
    wrong.load_state_dict(sd, strict=True)
    sys.exit("strict load accepted a state_dict with missing layers")
except RuntimeError:
    pass

eumentia.save_model(model, os.path.join(out, "from_torch.safetensors"), config["activation"])
np.save(os.path.join(out, "torch_logits.npy"), np.ascontiguousarray(logits.numpy()))
np.save(os.path.join(out, "test_inputs.npy"), np.ascontiguousarray(x.numpy()))
print("ok")
