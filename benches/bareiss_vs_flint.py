#!/usr/bin/env python3
"""Bareiss in exrank against FLINT (python-flint) on identical matrices, in one run.

The Rust side (examples/bench_bareiss.rs) generates each matrix from a fixed seed,
writes it to a text file and times exrank on it; this script then reads the same file and
times FLINT in-process: `fmpz_mat.fflu()` (fraction-free LU) for the dense cases and
`fmpz_mat.rank()` for the small ones (the word-size fast path's rival). Times are medians
of per-call times over repeated batches; ratio = FLINT / exrank (> 1: exrank faster).

    python3 benches/bareiss_vs_flint.py            # everything (n = 400 takes minutes)
    python3 benches/bareiss_vs_flint.py --quick    # without n = 400
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import flint

DENSE = ["dense:50:100", "dense:100:100", "dense:200:100", "dense:400:100", "bits:50:64", "bits:100:64"]
SMALL = [f"small:{n}:{b}" for b in (1, 100) for n in (4, 8, 12, 16, 20, 24)]


def per_call(f, batches):
    """Median seconds per call, in batches of at least ~50 ms."""
    t = time.perf_counter()
    f()
    once = time.perf_counter() - t
    reps = max(1, min(1_000_000, int(0.05 / max(once, 1e-9))))
    out = []
    for _ in range(batches):
        t = time.perf_counter()
        for _ in range(reps):
            f()
        out.append((time.perf_counter() - t) / reps)
    return statistics.median(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip n = 400")
    ap.add_argument("cases", nargs="*", help="cases as for bench_bareiss (default: all)")
    args = ap.parse_args()
    cases = args.cases or [c for c in DENSE + SMALL if not (args.quick and ":400:" in c)]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as out:
        cmd = ["cargo", "run", "--quiet", "--release", "--example", "bench_bareiss", "--", out] + cases
        rust = subprocess.run(cmd, cwd=root, check=True, capture_output=True, text=True).stdout
        header = f"{'case':<16}{'n':>5}  {'exrank s':>11}{'1 thread s':>12}  {'FLINT':>6} {'FLINT s':>11}{'ratio':>8}"
        print(header)
        print("-" * len(header))
        for line in rust.splitlines():
            case, path, t_auto, t_other, rank = line.split()
            kind, n, _ = case.split(":")
            n = int(n)
            rows = [[int(x) for x in l.split()] for l in open(path)]
            m = flint.fmpz_mat(rows)
            if kind == "small":
                peer, t_peer = "rank", per_call(m.rank, 7)
                assert m.rank() == int(rank), f"rank disagrees on {case}"
                # For small cases the second exrank column is the GMP kernel alone.
            else:
                batches = 1 if n >= 300 else (3 if n >= 150 else 5)
                peer, t_peer = "fflu", per_call(m.fflu, batches)
            t_auto, t_other = float(t_auto), float(t_other)
            print(f"{case:<16}{n:>5}  {t_auto:>11.3e}{t_other:>12.3e}  {peer:>6} {t_peer:>11.3e}{t_peer / t_auto:>7.2f}x")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
