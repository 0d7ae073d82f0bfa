#!/usr/bin/env python3
"""Rebuilds penguins-train.csv / penguins-test.csv from Debian's r-cran-palmerpenguins package.

    apt-get download r-cran-palmerpenguins && dpkg-deb -x r-cran-palmerpenguins_*.deb /tmp/pp
    python3 data/make_penguins.py /tmp/pp/usr/lib/R/site-library/palmerpenguins/extdata/penguins.csv

Cells are copied as they are, "NA" (missing) included: the point of this data set is its text
columns and missing values. The split is stratified by species, 75/25, with the seed of
make_datasets.py.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_datasets import stratified_split, write  # noqa: E402


def main(source, target):
    with open(source, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    species = header.index("species")
    train, test = stratified_split(body, lambda r: r[species])
    write(os.path.join(target, "penguins-train.csv"), header, train)
    write(os.path.join(target, "penguins-test.csv"), header, test)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else os.path.dirname(os.path.abspath(__file__)))
