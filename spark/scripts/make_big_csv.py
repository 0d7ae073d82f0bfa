#!/usr/bin/env python3
"""Writes a synthetic classification CSV for nn-spark's large-data demonstration.

    python3 spark/scripts/make_big_csv.py OUT.csv [ROWS] [FEATURES] [SEED]

Each row has FEATURES standard-normal features and a label 'pos' or 'neg': the sign of a fixed
random linear function of the features plus noise (about 90% separable). Defaults: 1,000,000
rows of 32 features, about 212 MB. Written in chunks, so the script's memory stays small.
"""
import sys

import numpy as np


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
    features = int(sys.argv[3]) if len(sys.argv) > 3 else 32
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = np.random.default_rng(seed)
    w = rng.normal(size=features)
    chunk = 50_000
    with open(out, "w") as f:
        f.write(",".join(f"x{i}" for i in range(features)) + ",label\n")
        done = 0
        while done < rows:
            n = min(chunk, rows - done)
            x = rng.normal(size=(n, features)).astype(np.float32)
            score = x @ w + rng.normal(scale=0.3 * np.sqrt(features), size=n)
            labels = np.where(score > 0, "pos", "neg")
            body = np.char.mod("%.3f", x)
            lines = [",".join(r) + "," + l for r, l in zip(body, labels)]
            f.write("\n".join(lines) + "\n")
            done += n


if __name__ == "__main__":
    main()
