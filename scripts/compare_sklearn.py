#!/usr/bin/env python3
"""nn against scikit-learn's MLP on real tabular data with text columns and missing values.

For each data set and each of 5 seeds: one random 80/20 split (stratified for classes), written
as CSV; nn trains on it with a config that names only the files, the label and the hidden layer
(input and output widths, column types, imputation and one-hot encoding inferred); scikit-learn
trains MLPClassifier / MLPRegressor with the same preprocessing built by hand (ColumnTransformer:
SimpleImputer(median, add_indicator) + StandardScaler for numbers, SimpleImputer(constant) +
OneHotEncoder(handle_unknown="ignore") for text; a standardised target for regression), the same
hidden layer, initialisation (Glorot uniform, as scikit-learn draws it), optimiser, learning
rate, batch size and epochs. Prints the mean test accuracy or
R² of both as a Markdown table.

Apples to apples: scikit-learn's defaults add an L2 penalty (alpha=1e-4) and stop when the
training loss has not improved by tol for 10 epochs; nn has neither by default. Both sides get the
same L2 (--alpha; nn's training.l2 = alpha / (2 · batch), since scikit-learn adds
alpha/2 · ΣW² / batch_rows to a batch's mean loss and nn adds l2 · ΣW²) and both train all the
epochs (scikit-learn's n_iter_no_change set past max_iter) unless --sklearn-early-stop. Binary
classes: both use one logistic output (scikit-learn's MLPClassifier does for two classes, nn's
config a sigmoid unit with binary_crossentropy); both shuffle the rows every epoch.

    apt-get install -y python3-sklearn python3-vega-datasets python3-statsmodels
    (or dpkg-deb -x the last two and pass --cars .../cars.json --fair .../fair.csv)
    mvn -o -q package -DskipTests
    /usr/bin/python3 scripts/compare_sklearn.py --nn "java -jar nn.jar"

Data: penguins from data/ (Debian's r-cran-palmerpenguins, CC0); cars (auto MPG) from Debian's
python3-vega-datasets; fair (Fair's affairs survey) from Debian's python3-statsmodels.
"""
import argparse
import csv
import json
import math
import os
import random
import shlex
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.compose import ColumnTransformer, TransformedTargetRegressor
from sklearn.impute import SimpleImputer
from sklearn.metrics import accuracy_score, r2_score
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
HIDDEN, LR, BATCH, EPOCHS = 32, 0.001, 32, 200
ALPHA = 1e-4  # scikit-learn's default L2
MISSING = {"", "NA", "NaN", "null", "?"}


def penguins():
    rows = []
    for part in ("train", "test"):
        with open(os.path.join(REPO, "data", f"penguins-{part}.csv"), newline="") as f:
            r = list(csv.reader(f))
            header = r[0]
            rows += r[1:]
    return dict(name="penguins", header=header, rows=rows, label="species", task="class", categorical=[])


def cars(path="/usr/lib/python3/dist-packages/vega_datasets/_data/cars.json"):
    with open(path) as f:
        data = json.load(f)
    header = ["Cylinders", "Displacement", "Horsepower", "Weight_in_lbs", "Acceleration", "Year", "Origin",
              "Miles_per_Gallon"]
    rows = []
    for d in data:
        if d["Miles_per_Gallon"] is None:
            continue  # no label: nothing to learn or score
        d = dict(d, Year=d["Year"][:4])
        rows.append(["" if d[h] is None else str(d[h]) for h in header])
    return dict(name="cars (auto MPG)", header=header, rows=rows, label="Miles_per_Gallon", task="reg",
                categorical=[])


def fair(path="/usr/lib/python3/dist-packages/statsmodels/datasets/fair/fair.csv"):
    with open(path, newline="") as f:
        r = list(csv.reader(f))
    header = r[0][:-1] + ["had_affair"]
    rows = [row[:-1] + ["yes" if float(row[-1]) > 0 else "no"] for row in r[1:]]
    # Occupations are codes 1-6: categories, declared as such (nn infers numbers as numeric).
    return dict(name="fair (affairs)", header=header, rows=rows, label="had_affair", task="class",
                categorical=["occupation", "occupation_husb"])


def split(ds, seed):
    rng = random.Random(seed)
    label = ds["header"].index(ds["label"])
    groups = {}
    for row in ds["rows"]:
        groups.setdefault(row[label] if ds["task"] == "class" else "", []).append(row)
    train, test = [], []
    for key in sorted(groups):
        members = groups[key][:]
        rng.shuffle(members)
        n = round(len(members) * 0.2)
        test += members[:n]
        train += members[n:]
    rng.shuffle(train)
    return train, test


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def run_nn(nn, ds, seed, folder, alpha):
    classes = sorted({r[ds["header"].index(ds["label"])] for r in ds["rows"]})
    if ds["task"] == "reg":
        loss, out = "mse", "linear"
    elif len(classes) == 2:
        loss, out = "binary_crossentropy", "sigmoid"
    else:
        loss, out = "categorical_crossentropy", "softmax"
    features = "".join(f"    {c}: categorical\n" for c in ds["categorical"])
    config = f"""name: cmp
seed: {seed}
device: java
network:
  layers:
    - {{ units: {HIDDEN}, activation: relu, init: glorot_uniform }}
    - {{ activation: {out}, init: glorot_uniform }}
loss: {loss}
optimizer: {{ type: adam, learning_rate: {LR} }}
training: {{ epochs: {EPOCHS}, batch_size: {BATCH}, l2: {alpha / (2 * BATCH)!r} }}
data:
  train: {{ csv: train.csv, label: {ds["label"]} }}
  test: {{ csv: test.csv, label: {ds["label"]} }}
  normalize: standard
""" + (f"  features:\n{features}" if features else "")
    with open(os.path.join(folder, "run.yaml"), "w") as f:
        f.write(config)
    subprocess.run(shlex.split(nn) + [os.path.join(folder, "run.yaml"), "--output-dir",
                                      os.path.join(folder, "models"), "-q"],
                   check=True, stdout=subprocess.DEVNULL)
    if ds["task"] == "class":
        with open(os.path.join(folder, "models", "cmp", "report.json")) as f:
            return json.load(f)["test"]["accuracy"]
    result = subprocess.run(shlex.split(nn) + ["evaluate", os.path.join(folder, "models", "cmp"), "--data",
                                              os.path.join(folder, "test.csv"), "--json"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["r2"]


def matrix(ds, rows):
    features = [h for h in ds["header"] if h != ds["label"]]
    index = [ds["header"].index(h) for h in features]
    text = set(ds["categorical"])
    for j, h in zip(index, features):
        if any(r[j] not in MISSING and not is_number(r[j]) for r in ds["rows"]):
            text.add(h)
    x = np.empty((len(rows), len(features)), dtype=object)
    for i, r in enumerate(rows):
        for k, j in enumerate(index):
            cell = r[j]
            x[i, k] = np.nan if cell in MISSING else (cell if features[k] in text else float(cell))
    numeric = [k for k, h in enumerate(features) if h not in text]
    categorical = [k for k, h in enumerate(features) if h in text]
    y = [r[ds["header"].index(ds["label"])] for r in rows]
    return x, y, numeric, categorical


def is_number(cell):
    try:
        float(cell)
        return True
    except ValueError:
        return False


def run_sklearn(ds, seed, train, test, alpha, early_stop):
    xtr, ytr, numeric, categorical = matrix(ds, train)
    xte, yte, _, _ = matrix(ds, test)
    pre = ColumnTransformer([
        ("num", make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler()), numeric),
        ("cat", make_pipeline(SimpleImputer(strategy="constant", fill_value="(missing)"),
                              OneHotEncoder(handle_unknown="ignore")), categorical)])
    args = dict(hidden_layer_sizes=(HIDDEN,), activation="relu", solver="adam", learning_rate_init=LR,
                batch_size=BATCH, max_iter=EPOCHS, random_state=seed, alpha=alpha)
    if not early_stop:
        args["n_iter_no_change"] = EPOCHS + 1  # never fewer epochs than nn trains
    if ds["task"] == "class":
        model = Pipeline([("pre", pre), ("mlp", MLPClassifier(**args))]).fit(xtr, ytr)
        return accuracy_score(yte, model.predict(xte))
    model = Pipeline([("pre", pre), ("mlp", TransformedTargetRegressor(regressor=MLPRegressor(**args),
                                                                       transformer=StandardScaler()))])
    model.fit(xtr, np.array(ytr, dtype=float))
    return r2_score(np.array(yte, dtype=float), model.predict(xte))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--nn", default="java -jar " + os.path.join(REPO, "nn.jar"))
    parser.add_argument("--alpha", type=float, default=ALPHA, help="L2 penalty of both (scikit-learn's alpha)")
    parser.add_argument("--sklearn-early-stop", action="store_true",
                        help="let scikit-learn stop on its training loss (tol, n_iter_no_change) as by default")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--cars", default="/usr/lib/python3/dist-packages/vega_datasets/_data/cars.json")
    parser.add_argument("--fair", default="/usr/lib/python3/dist-packages/statsmodels/datasets/fair/fair.csv")
    parser.add_argument("--datasets", default="penguins,cars,fair")
    args = parser.parse_args()
    import warnings
    warnings.filterwarnings("ignore")  # sklearn's ConvergenceWarning at max_iter, as for nn's fixed epochs
    print("| data set | rows | task | nn | scikit-learn MLP | nn − scikit-learn, paired by seed |")
    print("|---|---|---|---|---|---|")
    parser_sets = {"penguins": penguins, "cars": lambda: cars(args.cars), "fair": lambda: fair(args.fair)}
    for make in [parser_sets[name] for name in args.datasets.split(",")]:
        ds = make()
        ours, theirs = [], []
        for seed in range(1, args.seeds + 1):
            train, test = split(ds, seed)
            with tempfile.TemporaryDirectory() as folder:
                write(os.path.join(folder, "train.csv"), ds["header"], train)
                write(os.path.join(folder, "test.csv"), ds["header"], test)
                ours.append(run_nn(args.nn, ds, seed, folder, args.alpha))
            theirs.append(run_sklearn(ds, seed, train, test, args.alpha, args.sklearn_early_stop))
        metric = "accuracy" if ds["task"] == "class" else "R²"
        diff = [a - b for a, b in zip(ours, theirs)]
        print(f"| {ds['name']} | {len(ds['rows'])} | {metric} | {mean(ours):.4f} ± {sd(ours):.4f} | "
              f"{mean(theirs):.4f} ± {sd(theirs):.4f} | {mean(diff):+.4f} ± {sd(diff):.4f} |", flush=True)


def mean(v):
    return sum(v) / len(v)


def sd(v):
    m = mean(v)
    return math.sqrt(sum((x - m) ** 2 for x in v) / max(1, len(v) - 1))


if __name__ == "__main__":
    sys.exit(main())
