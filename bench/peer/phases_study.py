#!/usr/bin/python3
"""The phases study's quick preset as a PyTorch user would write it (the peer of `eumentia phases --preset quick`).

Protocol (src/Eumentia/Studies/Phases/PhasesPresets.cs, quick; TrainRun, Trainer, Evaluator): MLP 784-128-128-10,
ReLU, He-normal weights N(0, 2/fan_in) and zero biases, inverted dropout p_train (kept units scaled by 1/(1-p),
a fresh mask per example and step) after each hidden layer's activation, never on the inputs, mean cross-entropy,
SGD lr 0.05 momentum 0.9 (torch's form, as Eumentia's), batch min(64, N), max(1, ceil(600 / steps per epoch))
epochs of the N training examples reshuffled every epoch, for every p_train in {0, .2, .4, .6}, N in
{64, ..., 4096} and 3 seeds (84 nets). Each trained net is evaluated on the 2,000 test digits of data/mnist-10k
at p_eval in {0, .1, ..., .9}, mode mc-noscale: every test example gets its own Bernoulli(1-p) mask on every
hidden unit and the kept units are NOT rescaled; 4 mask draws per p_eval > 0 (one at p = 0), loss and accuracy
averaged over the draws, the loss's standard error over the draws. Pixels are /255.

Data split: Eumentia holds out a fixed class-stratified validation block of 1,000 training digits and trains on
the first N of one class-interleaved order of the rest (nested subsets, the same for every seed and p_train).
--split FILE (written by `Eumentia.Bench data-split`) uses Eumentia's very split, so that peer and Eumentia train
on identical examples and differ only in their random streams (init, shuffles, masks), which is what makes their
numbers comparable seed spread against seed spread; without it the script draws a split of the same kind itself.

Written the way a careful user would: data decoded once to float32 tensors, torch.set_num_threads, evaluation
under torch.no_grad with all p_eval x draws of a net in one pass per test batch and the first layer's product
computed once per example (dropout comes after it), and (--mode bmm, the default) the 12 nets of one N
(4 p_train x 3 seeds) trained in lock step with batched matrix products, each with its own data order and
dropout masks. --mode loop trains one nn.Sequential at a time; the faster of the two is the fair peer.
Eumentia evaluated the 1,000 validation digits after every epoch until commit 16e3d3f (now only after the last
one unless early stopping or validation_curve reads them); --validate-each-epoch does that here, for a
like-for-like count against older builds.

Output: a results table with Eumentia's column names (status, width, depth, p_train, p_eval, train_size, seed,
test_loss, test_loss_se, test_accuracy) for `Eumentia.Bench phases-agree`, and one "TIMING {...}" line on stdout:
the script's own timing (data, training and evaluation), peak memory and the protocol's FLOP count (--flops-only
prints only that). `bench/compare.sh study phases` runs it against `eumentia phases --preset quick`.
"""
import argparse, gzip, json, math, os, resource, struct, time
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data", "mnist-10k")

P_TRAIN = [0.0, 0.2, 0.4, 0.6]
SIZES = [64, 128, 256, 512, 1024, 2048, 4096]
P_EVAL = [round(0.1 * i, 1) for i in range(10)]
CLASSES = 10


def load_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = struct.unpack(">" + "I" * ndim, raw[4:4 + 4 * ndim])
    t = torch.frombuffer(bytearray(raw[4 + 4 * ndim:]), dtype=torch.uint8)
    return t.reshape(dims)


def own_split(y, validation, gen):
    """A split of Eumentia's kind: a class-stratified validation block (largest-remainder quotas) and the rest in a
    class-interleaved order (each class shuffled, dealt one per class per round, class order shuffled per round)."""
    members = [torch.nonzero(y == c).flatten() for c in range(CLASSES)]
    counts = [len(m) for m in members]
    n = sum(counts)
    quota = [validation * k // n for k in counts]
    rema = sorted(range(CLASSES), key=lambda c: (-(validation * counts[c] % n), c))
    for c in rema[:validation - sum(quota)]:
        quota[c] += 1
    val, queues = [], []
    for c, m in enumerate(members):
        m = m[torch.randperm(len(m), generator=gen)]
        val.append(m[:quota[c]]); queues.append(m[quota[c]:])
    order = []
    for r in range(max(len(q) for q in queues)):
        for c in torch.randperm(CLASSES, generator=gen).tolist():
            if r < len(queues[c]):
                order.append(int(queues[c][r]))
    return torch.sort(torch.cat(val)).values, torch.tensor(order)


def load(split_file, validation, gen):
    x = load_idx(f"{DATA}/train-images-idx3-ubyte.gz").reshape(-1, 784).float().div_(255.0)
    y = load_idx(f"{DATA}/train-labels-idx1-ubyte.gz").long()
    xt = load_idx(f"{DATA}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).float().div_(255.0)
    yt = load_idx(f"{DATA}/t10k-labels-idx1-ubyte.gz").long()
    if split_file:
        s = json.load(open(split_file))
        val, order = torch.tensor(s["validation"]), torch.tensor(s["order"])
    else:
        val, order = own_split(y, validation, gen)
    return x[order], y[order], x[val], y[val], xt, yt


def epochs_for(n, batch, min_steps, epochs=1):
    per_epoch = math.ceil(n / min(batch, n))
    return max(epochs, math.ceil(min_steps / per_epoch))


def he_init(e, fan_in, fan_out, gen):
    w = torch.randn(e, fan_in, fan_out, generator=gen) * math.sqrt(2.0 / fan_in)
    return w.requires_grad_(), torch.zeros(e, 1, fan_out, requires_grad=True)


def train_lockstep(x, y, p_train, width, depth, batch, epochs, lr, momentum, gen, validate=None):
    """E nets trained together on one training set x [n, 784], y [n], each with its own data order and masks;
    p_train [E]. Returns the layers [(W [E, in, out], b [E, 1, out])]."""
    e, n = p_train.numel(), x.shape[0]
    batch = min(batch, n)
    layers, fan_in = [], x.shape[1]
    for _ in range(depth):
        layers.append(he_init(e, fan_in, width, gen)); fan_in = width
    layers.append(he_init(e, fan_in, CLASSES, gen))
    opt = torch.optim.SGD([t for wb in layers for t in wb], lr=lr, momentum=momentum)
    keep = (1.0 - p_train).view(e, 1, 1)
    dropping = bool((p_train > 0).any())
    for _ in range(epochs):
        order = torch.argsort(torch.rand(e, n, generator=gen), dim=1)
        for start in range(0, n, batch):
            idx = order[:, start:start + batch]
            h, yb = x[idx], y[idx]
            for w, b in layers[:-1]:
                h = torch.relu(torch.baddbmm(b, h, w))
                if dropping:
                    h = h * ((torch.rand(h.shape, generator=gen) < keep) / keep)
            w, b = layers[-1]
            logits = torch.baddbmm(b, h, w)
            # The sum over nets of each net's mean loss: every net gets its own gradient, unscaled.
            loss = F.cross_entropy(logits.reshape(-1, CLASSES), yb.reshape(-1), reduction="sum") / idx.shape[1]
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if validate is not None:
            validate([(w.detach(), b.detach()) for w, b in layers])
    return [(w.detach(), b.detach()) for w, b in layers]


def train_loop(x, y, p, width, depth, batch, epochs, lr, momentum, gen, validate=None):
    """One nn.Sequential, the textbook way; returns its layers in train_lockstep's layout (E = 1)."""
    mods, fan_in = [], x.shape[1]
    for _ in range(depth):
        mods += [nn.Linear(fan_in, width), nn.ReLU(), nn.Dropout(p)]; fan_in = width
    mods.append(nn.Linear(fan_in, CLASSES))
    net = nn.Sequential(*mods)
    with torch.no_grad():
        for m in net:
            if isinstance(m, nn.Linear):
                m.weight.copy_(torch.randn(m.weight.shape, generator=gen) * math.sqrt(2.0 / m.in_features)); m.bias.zero_()
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    n = x.shape[0]
    batch = min(batch, n)
    export = lambda: [(m.weight.detach().t().unsqueeze(0), m.bias.detach().view(1, 1, -1)) for m in net if isinstance(m, nn.Linear)]
    for _ in range(epochs):
        net.train()
        order = torch.randperm(n, generator=gen)
        for start in range(0, n, batch):
            idx = order[start:start + batch]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        if validate is not None:
            validate(export())
    return export()


@torch.no_grad()
def validation_loss(layers, xv, yv):
    """Every net's loss on the validation set without dropout (what Eumentia writes to metrics.csv each epoch)."""
    h = xv.expand(layers[0][0].shape[0], -1, -1)
    for w, b in layers[:-1]:
        h = torch.relu(torch.baddbmm(b, h, w))
    w, b = layers[-1]
    return F.cross_entropy(torch.baddbmm(b, h, w).transpose(1, 2), yv.expand(h.shape[0], -1), reduction="none").mean(1)


@torch.no_grad()
def evaluate(layers, xt, yt, draws, gen, batch=1000):
    """Loss and accuracy of every net at every p_eval (mc-noscale): lists over nets of ([p_eval] of [draws])."""
    rates = [p for p in P_EVAL for _ in range(draws if p > 0 else 1)]
    keep = (1.0 - torch.tensor(rates)).view(-1, 1, 1)
    k, e, n = len(rates), layers[0][0].shape[0], xt.shape[0]
    loss, correct = torch.zeros(e, k), torch.zeros(e, k)
    for start in range(0, n, batch):
        xb, yb = xt[start:start + batch], yt[start:start + batch]
        w0, b0 = layers[0]
        first = torch.relu(torch.baddbmm(b0, xb.expand(e, -1, -1), w0))  # [E, B, width]: once per example, before any mask
        for j in range(e):
            h = first[j].expand(k, -1, -1)
            for li, (w, b) in enumerate(layers[1:]):
                h = h * (torch.rand(h.shape, generator=gen) < keep)  # the mask of the hidden layer below, no rescaling
                h = torch.matmul(h, w[j]) + b[j]  # [k, B, in] x [in, out]: one product over all masks
                if li < len(layers) - 2:
                    h = torch.relu(h)
            loss[j] += F.cross_entropy(h.transpose(1, 2), yb.expand(k, -1), reduction="none").sum(1)
            correct[j] += (h.argmax(2) == yb).sum(1)
    out, at = [], 0
    for p in P_EVAL:
        m = draws if p > 0 else 1
        out.append((loss[:, at:at + m] / n, correct[:, at:at + m] / n)); at += m
    return out


def protocol_flops(sizes, p_train, seeds, width, depth, min_steps, draws, test=2000, validation=1000, inputs=784, batch=64):
    """The arithmetic the quick preset's protocol needs, in FLOP (a multiply-add counts 2; biases, activations,
    masks and the loss are O(units), not O(weights), and left out). Per example, with P the weights and P0 the first
    layer's: training forward 2P, backward 4P - 2 P0 (the weight gradients of every layer and the input gradients of
    every layer but the first); evaluation: the first layer once per example (the masks come after it) and the
    layers above it once per mask pass (1 pass at p_eval = 0, `draws` at each p_eval > 0). Also returned, and not in
    the needed total: the full forward of every pass (what evaluating each pass separately costs) and the
    per-epoch validation forward (Eumentia writes it to metrics.csv; nothing in the phase analysis reads it)."""
    dims = [inputs] + [width] * depth + [CLASSES]
    weights = sum(a * b for a, b in zip(dims, dims[1:]))
    first = dims[0] * dims[1]
    passes = sum(draws if p > 0 else 1 for p in P_EVAL)
    nets = len(p_train) * seeds
    train = evaluation = full_eval = valid = 0
    for n in sizes:
        epochs = epochs_for(n, batch, min_steps)
        examples = epochs * n  # every epoch sees all n examples once (the last batch may be short)
        train += nets * examples * (6 * weights - 2 * first)
        evaluation += nets * test * 2 * (first + passes * (weights - first))
        full_eval += nets * test * 2 * passes * weights
        valid += nets * epochs * validation * 2 * weights
    return {"flop_needed": train + evaluation, "flop_train": train, "flop_eval": evaluation,
            "flop_eval_every_pass_whole": full_eval, "flop_validation_per_epoch": valid, "nets": nets * len(sizes)}


def write_results(path, rows):
    with open(path + ".tmp", "w") as f:
        f.write("status,width,depth,p_train,p_eval,train_size,seed,test_loss,test_loss_se,test_accuracy\n")
        for r in rows:
            f.write(",".join(repr(v) if isinstance(v, float) else str(v) for v in r) + "\n")
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--mode", choices=["bmm", "loop"], default="bmm")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--p-train", type=float, nargs="+", default=P_TRAIN)
    ap.add_argument("--width", type=int, default=128)
    ap.add_argument("--depth", type=int, default=2)
    ap.add_argument("--min-steps", type=int, default=600)
    ap.add_argument("--draws", type=int, default=4)
    ap.add_argument("--validation", type=int, default=1000)
    ap.add_argument("--validate-each-epoch", action="store_true")
    ap.add_argument("--split", default="", help="Eumentia's split (Eumentia.Bench data-split --out FILE)")
    ap.add_argument("--out", default="peer-phases-results.csv")
    ap.add_argument("--partial", action="store_true", help="also write the rows so far to OUT.partial after each N (long checks)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flops-only", action="store_true", help="print the protocol's FLOP count as a JSON line and stop")
    a = ap.parse_args()
    flops = protocol_flops(a.sizes, a.p_train, a.seeds, a.width, a.depth, a.min_steps, a.draws, validation=a.validation)
    if a.flops_only:
        print("FLOPS " + json.dumps(flops), flush=True)
        return
    torch.set_num_threads(a.threads)
    gen = torch.Generator().manual_seed(a.seed)

    t0 = time.perf_counter()
    x, y, xv, yv, xt, yt = load(a.split, a.validation, torch.Generator().manual_seed(a.seed + 1))
    t_data = time.perf_counter() - t0
    rows = []
    t1 = time.perf_counter()
    validate = (lambda layers: validation_loss(layers, xv, yv)) if a.validate_each_epoch else None
    for n in a.sizes:
        nets = [(p, s) for p in a.p_train for s in range(a.seeds)]
        epochs = epochs_for(n, 64, a.min_steps)
        groups = [nets] if a.mode == "bmm" else [[net] for net in nets]
        for group in groups:
            pt = torch.tensor([p for p, _ in group])
            if a.mode == "bmm":
                layers = train_lockstep(x[:n], y[:n], pt, a.width, a.depth, 64, epochs, 0.05, 0.9, gen, validate)
            else:
                layers = train_loop(x[:n], y[:n], float(pt[0]), a.width, a.depth, 64, epochs, 0.05, 0.9, gen, validate)
            for q, (loss, acc) in enumerate(evaluate(layers, xt, yt, a.draws, gen)):
                for j, (p, s) in enumerate(group):
                    l, c = loss[j], acc[j]
                    se = (l.std(unbiased=True) / math.sqrt(len(l))).item() if len(l) > 1 else 0.0
                    rows.append(("done", a.width, a.depth, p, P_EVAL[q], n, s, l.mean().item(), se, c.mean().item()))
        if a.partial:
            write_results(a.out + ".partial", rows)
    t_run = time.perf_counter() - t1
    write_results(a.out, rows)
    if a.partial and os.path.exists(a.out + ".partial"):
        os.remove(a.out + ".partial")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    record = {"workload": "study", "case": f"phases quick (peer: {a.mode})", "unit": "s", "median": round(t_run + t_data, 3),
              "data_seconds": round(t_data, 3), "train_eval_seconds": round(t_run, 3), "nets": len(a.sizes) * len(a.p_train) * a.seeds,
              "threads": a.threads, "peak_rss_mib": round(peak, 1), "out": a.out, **flops}
    # Not a "JSON" line: compare.sh times both sides from outside, the same way, and writes those lines itself.
    print("TIMING " + json.dumps(record), flush=True)


if __name__ == "__main__":
    main()
