//! Times exrank's modular engine in-process (no file reading) on the benchmark families of
//! issue 3 and prints one line per case: `name seconds rank certainty`. Used by
//! `benches/modular_vs_flint.py`, which runs the peers on the same matrices and prints the
//! table with ratios.
//!
//! `--crossover` prints the Bareiss/modular crossover table behind
//! `exrank::rank::BAREISS_MAX_DIM`; `--gemm=N` the f64 GEMM GFLOP/s (the practical peak);
//! `--inverse=N` the time of the inverse mod p behind Dixon lifting (`--dixon` and
//! `--hadamard` force either route of the rank upper bound).
//!
//! Matrices are generated from a seed by a tiny LCG shared with the Python script, so both
//! sides see identical entries. Usage: `modular_speed [CASE ...]` (default: all cases).

use exrank::modular::{self, multimodular, Goal, Options};
use exrank::ZMatrix;
use std::time::Instant;

/// Entries in [-b, b] from a 64-bit LCG (the same one the Python script uses).
fn lcg_matrix(m: usize, n: usize, b: i64, seed: u64) -> Vec<i64> {
    let mut s = seed;
    (0..m * n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) % (2 * b as u64 + 1)) as i64 - b
        })
        .collect()
}

fn zmat(m: usize, n: usize, v: &[i64]) -> ZMatrix {
    ZMatrix::from_fn(m, n, |i, j| v[i * n + j].into())
}

/// The matrix of a benchmark case.
fn case(name: &str) -> (ZMatrix, Option<u64>) {
    let parts: Vec<&str> = name.split('_').collect();
    let num = |s: &str| s.parse::<usize>().unwrap();
    match parts[0] {
        // full_N: dense N×N, entries in [-100, 100]
        "full" => {
            let n = num(parts[1]);
            (zmat(n, n, &lcg_matrix(n, n, 100, 1)), None)
        }
        // low_N_R: (N×R)(R×N), factors in [-100, 100]
        "low" => {
            let (n, r) = (num(parts[1]), num(parts[2]));
            let u = zmat(n, r, &lcg_matrix(n, r, 100, 2));
            let v = zmat(r, n, &lcg_matrix(r, n, 100, 3));
            (u.mul(&v), None)
        }
        // rect_M_N
        "rect" => {
            let (m, n) = (num(parts[1]), num(parts[2]));
            (zmat(m, n, &lcg_matrix(m, n, 100, 4)), None)
        }
        // big_N: 64-bit entries (products of two 31-bit LCG values plus one)
        "big" => {
            let n = num(parts[1]);
            let a = lcg_matrix(n, n, (1 << 31) - 1, 5);
            let b = lcg_matrix(n, n, (1 << 31) - 1, 6);
            let v: Vec<rug::Integer> = a
                .iter()
                .zip(&b)
                .map(|(x, y)| rug::Integer::from(*x) * *y * 2 + 1)
                .collect();
            (ZMatrix::from_vec(n, n, v), None)
        }
        // modp_BITS_N: rank mod a BITS-bit prime
        "modp" => {
            let n = num(parts[2]);
            let p = if parts[1] == "26" {
                67_108_859
            } else {
                4_611_686_018_427_387_847
            };
            (zmat(n, n, &lcg_matrix(n, n, 100, 1)), Some(p))
        }
        _ => panic!("unknown case {name}"),
    }
}

/// Bareiss against the multimodular engine on small inputs: the data behind
/// `exrank::rank::BAREISS_MAX_DIM`. Prints `n full_ratio deficient_ratio` (Bareiss time /
/// modular time; above 1 modular wins), best of 200 runs each.
fn crossover() {
    let time = |f: &dyn Fn() -> usize| {
        let mut best = f64::INFINITY;
        for _ in 0..200 {
            let t = Instant::now();
            std::hint::black_box(f());
            best = best.min(t.elapsed().as_secs_f64());
        }
        best
    };
    println!("n  bareiss/modular(full)  bareiss/modular(rank n/2)");
    for n in [2, 4, 6, 8, 10, 12, 16, 20, 24, 32] {
        let full = zmat(n, n, &lcg_matrix(n, n, 100, 7));
        let h = n / 2;
        let low = zmat(n, h, &lcg_matrix(n, h, 10, 8)).mul(&zmat(h, n, &lcg_matrix(h, n, 10, 9)));
        let opts = Options::default();
        let ratio = |a: &ZMatrix| {
            let b = time(&|| exrank::bareiss::rank(a));
            let m = time(&|| multimodular::rank_over_q(a, &opts).rank);
            b / m
        };
        println!("{n:<3} {:>8.2} {:>8.2}", ratio(&full), ratio(&low));
    }
}

/// GFLOP/s of faer's f64 GEMM (n×n times n×n), one thread and all threads: the practical
/// peak the modular kernel's matrix products can reach on this machine.
fn gemm_peak(n: usize) {
    let a = faer::Mat::<f64>::from_fn(n, n, |i, j| ((i * 7 + j * 3) % 11) as f64);
    let b = faer::Mat::<f64>::from_fn(n, n, |i, j| ((i * 5 + j) % 13) as f64);
    let mut c = faer::Mat::<f64>::zeros(n, n);
    for (label, par) in [
        ("1 thread", faer::Par::Seq),
        ("all threads", faer::Par::rayon(0)),
    ] {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let t = Instant::now();
            faer::linalg::matmul::matmul(
                c.as_mut(),
                faer::Accum::Replace,
                a.as_ref(),
                b.as_ref(),
                1.0,
                par,
            );
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "gemm_{n} {label}: {best:.4} s, {:.1} GFLOP/s",
            2.0 * (n as f64).powi(3) / best / 1e9
        );
    }
}

/// Time of the inverse mod p of a dense N×N matrix (the first part of Dixon lifting),
/// best of 3, and its rate in multiply-adds (2·N³ flops) per second.
fn inverse_speed(n: usize) {
    let p = 8_388_593u64;
    let b: Vec<u64> = lcg_matrix(n, n, 100, 1)
        .iter()
        .map(|&x| x.rem_euclid(p as i64) as u64)
        .collect();
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t = Instant::now();
        let inv = modular::inverse_mod_p::inverse_mod_p(&b, n, p);
        best = best.min(t.elapsed().as_secs_f64());
        assert!(inv.is_some());
    }
    println!(
        "inverse_{n}: {best:.4} s, {:.1} GFLOP/s",
        2.0 * (n as f64).powi(3) / best / 1e9
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(n) = args.iter().find_map(|a| a.strip_prefix("--gemm=")) {
        return gemm_peak(n.parse().expect("--gemm=N"));
    }
    if let Some(n) = args.iter().find_map(|a| a.strip_prefix("--inverse=")) {
        return inverse_speed(n.parse().expect("--inverse=N"));
    }
    if args.iter().any(|a| a == "--crossover") {
        return crossover();
    }
    let probabilistic = args.iter().any(|a| a == "--probabilistic");
    // --hadamard: prove rank-deficient upper bounds with primes only (no Dixon kernel);
    // --dixon: always try the kernel first (no cost model); default: the cost model decides.
    let kernel_check = if args.iter().any(|a| a == "--hadamard") {
        None
    } else if args.iter().any(|a| a == "--dixon") {
        Some(modular::dixon::kernel_check as modular::KernelCheck)
    } else {
        Some(modular::dixon::kernel_check_if_cheaper as modular::KernelCheck)
    };
    // --reps=K: run each case K times and report the fastest (the machine is shared).
    let reps: usize = args
        .iter()
        .find_map(|a| a.strip_prefix("--reps="))
        .map_or(1, |k| k.parse().expect("--reps=K"));
    // --seq: rank-mod-p cases (modp_*) on one thread.
    let seq = args.iter().any(|a| a == "--seq");
    let names: Vec<String> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
    for name in names {
        // one_CASE: a single elimination of CASE modulo the engine's first prime, one thread.
        let (name, one) = match name.strip_prefix("one_") {
            Some(rest) => (rest.to_string(), true),
            None => (name, false),
        };
        let (a, p) = case(&name);
        let p = if one { Some(8_388_593) } else { p };
        let mut best = f64::INFINITY;
        let mut out = (0, String::new());
        for _ in 0..reps {
            let start = Instant::now();
            out = match p {
                Some(p) => {
                    let mut res = modular::reduce_zmatrix(&a, p);
                    let par = if one || seq {
                        faer::Par::Seq
                    } else {
                        faer::Par::rayon(0)
                    };
                    let e = modular::rank_residues(&mut res, a.rows(), a.cols(), p, par);
                    (e.rank, format!("GF({p})"))
                }
                None => {
                    let goal = if probabilistic {
                        Goal::Probabilistic { primes: 3 }
                    } else {
                        Goal::Certified
                    };
                    let r = multimodular::rank_over_q(
                        &a,
                        &Options {
                            goal,
                            kernel_check,
                            ..Default::default()
                        },
                    );
                    (
                        r.rank,
                        format!(
                            "{} primes={}{}",
                            r.certainty().label(),
                            r.ranks.len(),
                            if r.upper_bound == multimodular::UpperBound::Kernel {
                                " kernel"
                            } else {
                                ""
                            }
                        ),
                    )
                }
            };
            best = best.min(start.elapsed().as_secs_f64());
        }
        let (rank, what) = out;
        println!("{name} {best:.6} {rank} {what}");
    }
}
