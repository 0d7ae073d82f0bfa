#!/usr/bin/env python3
"""Rebuilds the CSV files in this folder from Debian's python3-sklearn package.

    apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb /tmp/skl
    python3 data/make_datasets.py /tmp/skl/usr/lib/python3/dist-packages/sklearn/datasets/data

Each data set becomes NAME-train.csv / NAME-test.csv: a header row with named
columns, the label last, a stratified 75/25 split drawn with a fixed seed.
"""
import csv
import gzip
import os
import random
import sys

# NN_SPLIT_SEED (and a second argument, the output folder) draw other splits, to check that the
# configs do not depend on this one.
SEED = int(os.environ.get("NN_SPLIT_SEED", "20261125"))


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


def counted_table(source, name, header, label_names):
    """sklearn's CSV with a count line first; the class index last on each row."""
    opener = gzip.open if name.endswith(".gz") else open
    with opener(os.path.join(source, name), "rt") as f:
        lines = [r for r in csv.reader(f) if r]
    if label_names is None:
        label_names = lines[0][2:]
        lines = lines[1:]
    return [r[:-1] + [label_names[int(float(r[-1]))]] for r in lines]


def save_split(target, name, header, rows, stratified=True):
    train, test = stratified_split(rows, (lambda r: r[-1]) if stratified else (lambda r: 0))
    write(os.path.join(target, name + "-train.csv"), header, train)
    write(os.path.join(target, name + "-test.csv"), header, test)


WINE_FEATURES = ["alcohol", "malic_acid", "ash", "alcalinity_of_ash", "magnesium", "total_phenols",
                 "flavanoids", "nonflavanoid_phenols", "proanthocyanins", "color_intensity", "hue",
                 "od280_od315_of_diluted_wines", "proline"]

CANCER_BASE = ["radius", "texture", "perimeter", "area", "smoothness", "compactness", "concavity",
               "concave_points", "symmetry", "fractal_dimension"]
# sklearn's order: the ten means, the ten standard errors, the ten worst values.
CANCER_FEATURES = (["mean_" + b for b in CANCER_BASE] + [b + "_error" for b in CANCER_BASE]
                   + ["worst_" + b for b in CANCER_BASE])


def wine(source, target):
    rows = counted_table(source, "wine_data.csv", None, None)
    save_split(target, "wine", WINE_FEATURES + ["cultivar"], rows)


def breast_cancer(source, target):
    rows = counted_table(source, "breast_cancer.csv", None, None)
    save_split(target, "breast-cancer", CANCER_FEATURES + ["diagnosis"], rows)


def digits(source, target):
    # No count line: 64 pixel intensities (0..16) of an 8x8 image, then the digit.
    rows = counted_table(source, "digits.csv.gz", None, [str(d) for d in range(10)])
    header = ["pixel_%d_%d" % (r, c) for r in range(8) for c in range(8)] + ["digit"]
    save_split(target, "digits", header, rows)


def diabetes(source, target):
    # Regression: ten baseline variables (raw, unscaled) and disease progression one year later.
    with gzip.open(os.path.join(source, "diabetes_data_raw.csv.gz"), "rt") as f:
        features = [line.split() for line in f if line.strip()]
    with gzip.open(os.path.join(source, "diabetes_target.csv.gz"), "rt") as f:
        targets = ["%g" % float(line) for line in f if line.strip()]
    rows = [x + [y] for x, y in zip(features, targets)]
    header = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression"]
    save_split(target, "diabetes", header, rows, stratified=False)


if __name__ == "__main__":
    src = sys.argv[1]
    dst = sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__))
    iris(src, dst)
    wine(src, dst)
    breast_cancer(src, dst)
    digits(src, dst)
    diabetes(src, dst)
