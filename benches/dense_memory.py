#!/usr/bin/env python3
"""Whole-command time and peak memory of `exrank rank` on large dense files.

Usage:  cargo build --release
        python3 benches/dense_memory.py [N ...]        (default: 2000 5000 10000)

For each N, writes a dense N×N plain-text file with entries uniform in [-100, 100]
(numpy, fixed seed) to a temporary directory, runs `exrank rank FILE --quiet` under
`/usr/bin/time -v`, and prints: the file size, the rank, the engine's own time (the
`time` line: parsing excluded), the wall time of the whole command (reading included),
the peak resident set size, and that peak in units of N² machine words (8 bytes) -- the
issue's "O(n²) words per prime in flight". The matrix itself, held once as 64-bit words,
is 1 unit; the engine holds it as doubles plus one array of residues per prime in flight
(2 units for the single prime of a full-rank matrix), the reader briefly the file's bytes
and the words.
"""
import os
import re
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXRANK = os.path.join(ROOT, "target", "release", "exrank")


def write_matrix(path, n, seed):
    rng = np.random.default_rng(seed)
    with open(path, "w") as f:
        for start in range(0, n, 256):
            block = rng.integers(-100, 101, size=(min(256, n - start), n))
            f.write("\n".join(" ".join(map(str, row)) for row in block.tolist()))
            f.write("\n")


def measure(path):
    out = subprocess.run(["/usr/bin/time", "-v", EXRANK, "rank", path, "--quiet"],
                         capture_output=True, text=True, check=True)
    rank = int(re.search(r"^rank (\d+)", out.stdout, re.M).group(1))
    engine = float(re.search(r"^time ([0-9.]+) s", out.stdout, re.M).group(1))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([0-9:.]+)", out.stderr).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    return rank, engine, seconds, rss_kb * 1024


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 5000, 10000]
    if not os.path.exists(EXRANK):
        sys.exit(f"{EXRANK} is missing: run `cargo build --release` first")
    print("| n | file | rank | engine s | whole command s | peak RSS | peak / (8 n² bytes) |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = os.path.join(tmp, f"dense_{n}.txt")
            write_matrix(path, n, seed=n)
            size = os.path.getsize(path)
            rank, engine, wall, rss = measure(path)
            os.remove(path)
            print(f"| {n} | {size / 2**20:.0f} MiB | {rank} | {engine:.2f} | {wall:.2f} | "
                  f"{rss / 2**30:.2f} GiB | {rss / (8 * n * n):.2f} |", flush=True)


if __name__ == "__main__":
    main()
