"""Makes the PyTorch fixture that tests/Eumentia.Tests/Nets/TorchInteropTests.cs reads. Run once, by hand,
with Debian 12's python3-torch (1.13.1+dfsg; torch.__version__ says 1.13.0a0) and python3-numpy:

    cd tests/Eumentia.Tests/Fixtures/torch && /usr/bin/python3 make_fixture.py

Writes sequential.safetensors (the state_dict of a real nn.Sequential(Linear(20,16), Tanh(), Linear(16,12),
Tanh(), Linear(12,5)), tensor names and layouts exactly as torch gives them, stored with the repository's
pure-Python safetensors writer since Debian has no safetensors package), inputs.npy (8 x 20 float32),
labels.npy (8, int64), and logits.npy / loss.npy: the model's outputs and mean cross-entropy computed by torch.
"""
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..", "python"))
from eumentia import safetensors  # noqa: E402

torch.manual_seed(20)
model = torch.nn.Sequential(torch.nn.Linear(20, 16), torch.nn.Tanh(), torch.nn.Linear(16, 12), torch.nn.Tanh(), torch.nn.Linear(12, 5))
inputs = torch.randn(8, 20)
labels = torch.randint(0, 5, (8,))
with torch.no_grad():
    logits = model(inputs)
    loss = torch.nn.functional.cross_entropy(logits.double(), labels)
state = model.state_dict()
safetensors.save_file({k: v.numpy() for k, v in state.items()}, "sequential.safetensors")
np.save("inputs.npy", inputs.numpy())
np.save("labels.npy", labels.numpy())
np.save("logits.npy", logits.numpy())
np.save("loss.npy", np.array([loss.item()]))
print("names:", list(state.keys()), "torch", torch.__version__, "loss", loss.item())
