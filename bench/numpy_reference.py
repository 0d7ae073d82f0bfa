#!/usr/bin/env python3
"""The NumPy reference for `nn bench`: the same W1/W2/W3 training loops, in float32, written the
way the seed wrote its NumPy network (explicit forward, backward, SGD), so `bench/compare.sh` can
put nn's figures next to NumPy + OpenBLAS on the same machine, in one run.

    python3 bench/numpy_reference.py [--threads 2] [--workload w1,w2,w3] [--repeats N] [--coretype auto]

Prints one JSON object per workload per line, with nn bench's keys (workload, samplesPerSecond,
gflops, ms, finalLoss) plus blas and coretype. GFLOP/s counts 6 x parameters x samples, as nn does.

OpenBLAS 0.3.21 (Debian 12) does not know recent CPUs: it takes an AVX-512 Xeon for a Prescott
and runs SSE3 kernels several times slower. With --coretype auto (the default) the core type is
named from the CPU flags before NumPy loads OpenBLAS (SkylakeX with AVX-512, Zen or Haswell with
AVX2), overriding OPENBLAS_CORETYPE; --coretype none keeps the environment's or OpenBLAS's own guess,
--coretype NAME forces one.
"""
import argparse
import json
import os
import statistics
import sys
import time

p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--workload", default="w1,w2,w3")
p.add_argument("--repeats", type=int, default=0, help="timed runs (default: 5 for w1 and w2, 1 for w3)")
p.add_argument("--coretype", default="auto")
args = p.parse_args()


def cpu_flags():
    try:
        with open("/proc/cpuinfo") as f:
            text = f.read()
    except OSError:
        return set(), ""
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.split(":", 1)[1].split()), text
    return set(), text


def coretype_from_flags():
    flags, text = cpu_flags()
    if {"avx512f", "avx512dq", "avx512bw", "avx512vl"} <= flags:
        return "SkylakeX"
    if {"avx2", "fma"} <= flags:
        return "Zen" if "AuthenticAMD" in text else "Haswell"
    return None


# OpenBLAS reads these when it is loaded, i.e. when numpy is imported: set them first.
if args.coretype == "auto":
    # From the flags even when the environment names one: a stale setting is how anchors go wrong.
    chosen = coretype_from_flags()
    if chosen:
        os.environ["OPENBLAS_CORETYPE"] = chosen
elif args.coretype != "none":  # a name: force it
    os.environ["OPENBLAS_CORETYPE"] = args.coretype
for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402

F = np.float32


def dense_forward(x, layers):
    """Returns the activations of every layer; ReLU hidden layers, the last one's logits raw."""
    acts = [x]
    for i, (w, b) in enumerate(layers):
        z = acts[-1] @ w + b
        acts.append(z if i == len(layers) - 1 else np.maximum(z, 0))
    return acts


def backward_and_step(acts, delta, layers, lr):
    """δ of the output given; backprop through ReLU layers, SGD update in place."""
    for i in range(len(layers) - 1, -1, -1):
        w, b = layers[i]
        grad_w = acts[i].T @ delta
        grad_b = delta.sum(axis=0)
        if i > 0:
            delta = (delta @ w.T) * (acts[i] > 0)
        w -= lr * grad_w
        b -= lr * grad_b


def softmax_ce_step(x, y, layers, lr):
    acts = dense_forward(x, layers)
    z = acts[-1]
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    prob = e / e.sum(axis=1, keepdims=True)
    loss = float(-(y * (z - np.log(e.sum(axis=1, keepdims=True)))).sum() / len(x))
    backward_and_step(acts, ((prob - y) / F(len(x))).astype(F), layers, lr)
    return loss


def init(sizes, rng):
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        limit = np.sqrt(6.0 / fan_in)
        layers.append((rng.uniform(-limit, limit, (fan_in, fan_out)).astype(F), np.zeros(fan_out, F)))
    return layers


def params(sizes):
    return sum(a * b + b for a, b in zip(sizes, sizes[1:]))


def xor_run():
    """W1: 2-3-1, the fixed weights nn's W1 starts from, BCE, full batch of 4, lr 0.1, 10,000 epochs."""
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], F)
    y = np.array([[0], [1], [1], [0]], F)
    w1 = np.array([[0.5, -0.6, 0.3], [-0.4, 0.7, 0.8]], F)
    b1 = np.array([0.1, 0.1, -0.2], F)
    w2 = np.array([[0.6], [0.7], [-0.5]], F)
    b2 = np.zeros(1, F)
    lr = F(0.1)
    loss = 0.0
    for _ in range(10_000):
        z1 = x @ w1 + b1
        h = np.maximum(z1, 0)
        z2 = h @ w2 + b2
        out = 1 / (1 + np.exp(-z2))
        # BCE from the logit, as nn computes it: max(z, 0) - z*y + log(1 + e^-|z|)
        loss = float((np.maximum(z2, 0) - z2 * y + np.log1p(np.exp(-np.abs(z2)))).mean())
        d2 = (out - y) / F(4)
        d1 = (d2 @ w2.T) * (z1 > 0)
        w2 -= lr * (h.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        w1 -= lr * (x.T @ d1)
        b1 -= lr * d1.sum(axis=0)
    return loss


def timed(run, repeats, warmups):
    for _ in range(warmups):
        run()
    ms = []
    loss = None
    for _ in range(repeats):
        start = time.perf_counter()
        loss = run()
        ms.append((time.perf_counter() - start) * 1e3)
    return statistics.median(ms), loss


def classification(rows, features, classes, rng):
    x = rng.standard_normal((rows, features)).astype(F)
    y = np.zeros((rows, classes), F)
    y[np.arange(rows), rng.integers(0, classes, rows)] = 1
    return x, y


def w2(repeats):
    rng = np.random.default_rng(7)
    sizes = [784, 256, 128, 10]
    layers = init(sizes, rng)
    x, y = classification(60_000, 784, 10, rng)
    batch = 128
    steps = 60_000 // batch

    def epoch():
        loss = 0.0
        for s in range(steps):
            loss = softmax_ce_step(x[s * batch:(s + 1) * batch], y[s * batch:(s + 1) * batch], layers, F(0.01))
        return loss

    ms, loss = timed(epoch, repeats or 5, 3)  # as nn bench: 3 warm-up epochs, 5 timed
    return ms, loss, steps * batch, params(sizes)


def w3(repeats):
    rng = np.random.default_rng(7)
    sizes = [4096, 4096, 4096, 10]
    layers = init(sizes, rng)
    x, y = classification(256, 4096, 10, rng)

    def run():
        loss = 0.0
        for _ in range(20):
            loss = softmax_ce_step(x, y, layers, F(0.001))
        return loss

    softmax_ce_step(x, y, layers, F(0.001))
    softmax_ce_step(x, y, layers, F(0.001))
    ms, loss = timed(run, repeats or 1, 0)
    return ms, loss, 20 * 256, params(sizes)


def report(workload, ms, loss, samples, parameters):
    sps = samples / (ms / 1e3)
    print(json.dumps({"workload": workload, "device": "numpy", "threads": args.threads,
                      "samplesPerSecond": round(sps, 1), "gflops": round(6 * parameters * sps / 1e9, 3),
                      "ms": round(ms, 3), "finalLoss": round(loss, 6), "numpy": np.__version__,
                      "coretype": os.environ.get("OPENBLAS_CORETYPE", "detected")}), flush=True)


for wl in args.workload.split(","):
    wl = wl.strip().lower()
    if wl == "w1":
        ms, loss = timed(xor_run, args.repeats or 5, 1)
        report("w1", ms, loss, 4 * 10_000, params([2, 3, 1]))
    elif wl == "w2":
        report("w2", *w2(args.repeats))
    elif wl == "w3":
        report("w3", *w3(args.repeats))
    else:
        sys.exit("unknown workload '%s': expected w1, w2 or w3" % wl)
