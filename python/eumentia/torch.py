"""Eumentia weights in PyTorch: an nn.Sequential of nn.Linear layers with the run's activation between them."""
import re

from . import safetensors

_EUMENTIA = re.compile(r"^layers\.(\d+)\.(weight|bias|weight_mask|learnable_mask)$")


def _activation(name):
    import torch.nn as nn
    modules = {"relu": nn.ReLU, "tanh": nn.Tanh, "hardtanh": nn.Hardtanh, "linear": nn.Identity}
    if name == "erf":
        import torch

        class Erf(nn.Module):
            def forward(self, x):
                return torch.erf(x)

        return Erf()
    if name not in modules:
        raise ValueError(f"unknown activation {name!r}; Eumentia has relu, tanh, erf, hardtanh, linear")
    return modules[name]()


def state_dict(path):
    """The weights file as an nn.Sequential state_dict ("0.weight", "0.bias", "2.weight", ...) of torch
    tensors, whichever names the file uses; pruned weights are already zero in Eumentia's files, so the masks
    are dropped. Returns (state_dict, metadata)."""
    import torch
    tensors, metadata = safetensors.load_file(path)
    layers = {}
    for name, array in tensors.items():
        m = _EUMENTIA.match(name)
        if m is None:  # already torch names
            layers = None
            break
        if m.group(2) in ("weight", "bias"):
            layers[f"{2 * int(m.group(1))}.{m.group(2)}"] = array
    source = tensors if layers is None else layers
    return {k: torch.from_numpy(v) for k, v in source.items()}, metadata


def load_model(path, activation=None):
    """An nn.Sequential(Linear, act, Linear, act, ..., Linear) holding the weights, loaded with strict=True.
    The activation comes from the file's metadata (Eumentia writes it) unless given."""
    import torch.nn as nn
    sd, metadata = state_dict(path)
    activation = activation or metadata.get("activation")
    if activation is None:
        raise ValueError(f"{path}: the file does not name its activation; pass activation=")
    count = len([k for k in sd if k.endswith(".weight")])
    modules = []
    for layer in range(count):
        out_features, in_features = sd[f"{2 * layer}.weight"].shape
        modules.append(nn.Linear(in_features, out_features))
        if layer < count - 1:
            modules.append(_activation(activation))
    model = nn.Sequential(*modules)
    model.load_state_dict(sd, strict=True)
    return model.eval()


def save_model(model, path, activation):
    """Writes an nn.Sequential's state_dict as safetensors with torch names, which `eumentia eval` and
    `eumentia train --init-from` read as they are."""
    sd = {k: v.detach().cpu().numpy() for k, v in model.state_dict().items()}
    safetensors.save_file(sd, path, {"activation": activation})
