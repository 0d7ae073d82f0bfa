#!/usr/bin/env python3
"""Rebuilds the CSV files in this folder from Debian's python3-sklearn package.

    apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb /tmp/skl
    python3 data/make_datasets.py /tmp/skl/usr/lib/python3/dist-packages/sklearn/datasets/data

Each data set becomes NAME-train.csv / NAME-test.csv: a header row with named
columns, the label last, a stratified 75/25 split drawn with a fixed seed.
"""
import csv
import os
import random
import sys

SEED = 20261125


def stratified_split(rows, label_of, test_fraction=0.25, seed=SEED):
    rng = random.Random(seed)
    by_class = {}
    for row in rows:
        by_class.setdefault(label_of(row), []).append(row)
    train, test = [], []
    for label in sorted(by_class):
        members = by_class[label][:]
        rng.shuffle(members)
        n_test = round(len(members) * test_fraction)
        test.extend(members[:n_test])
        train.extend(members[n_test:])
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


def iris(source, target):
    with open(os.path.join(source, "iris.csv")) as f:
        lines = list(csv.reader(f))
    # First line is a count line: n_samples, n_features, class names...
    class_names = lines[0][2:]
    header = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]
    rows = [r[:4] + [class_names[int(r[4])]] for r in lines[1:] if r]
    train, test = stratified_split(rows, lambda r: r[-1])
    write(os.path.join(target, "iris-train.csv"), header, train)
    write(os.path.join(target, "iris-test.csv"), header, test)


if __name__ == "__main__":
    src = sys.argv[1]
    dst = os.path.dirname(os.path.abspath(__file__))
    iris(src, dst)
