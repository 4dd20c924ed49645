#!/usr/bin/env python3
"""A float rank routine for `exrank compare DIR --routine 'python3 numpy_rank.py {}'`.

Reads one matrix file (NumPy .npy, or Matrix Market array/coordinate with integer or
real entries) and prints numpy.linalg.matrix_rank of it, i.e. NumPy's default threshold
S.max() * max(M, N) * eps.
"""
import sys

import numpy as np


def read_matrix_market(path):
    with open(path) as f:
        header = f.readline().split()
        if len(header) < 5 or header[0] != "%%MatrixMarket" or header[1] != "matrix":
            raise ValueError(f"{path}: not a Matrix Market matrix")
        layout, field = header[2], header[3]
        lines = [l for l in f if l.strip() and not l.startswith("%")]
    size = lines[0].split()
    m, n = int(size[0]), int(size[1])
    parse = float if field in ("real", "double") else int
    if layout == "array":
        # Column-major; Python ints first so huge integers round once, to nearest.
        values = [float(parse(l.split()[0])) for l in lines[1 : 1 + m * n]]
        return np.array(values, dtype=np.float64).reshape((n, m)).T
    a = np.zeros((m, n))
    for l in lines[1:]:
        w = l.split()
        a[int(w[0]) - 1, int(w[1]) - 1] = float(parse(w[2])) if len(w) > 2 else 1.0
    return a


def main():
    path = sys.argv[1]
    a = np.load(path) if path.endswith(".npy") else read_matrix_market(path)
    print(np.linalg.matrix_rank(a.astype(np.float64)))


if __name__ == "__main__":
    main()
