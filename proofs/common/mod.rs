//! Shared by every proof target: the finite domains, the rank oracles, and the seeded
//! runner that prints the seed of a failing case so it reproduces.
//!
//! Rank over Q in the exhaustive tier is [`rank_q_checked`]: Bareiss *and* the minors
//! module's search of the definition, which must agree, so a check over a finite domain
//! does not rest on trusting one algorithm. Over GF(p) the rank is
//! [`exrank::modular::rank_mod_p`], cross-checked the same way against minors mod p.
#![allow(dead_code)] // each proof target uses a different part of this module

use exrank::minors::{self, exhaustive, LexOrder};
use exrank::{bareiss, modular, ZMatrix};
use itertools::Itertools;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rug::Integer;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// True when the bigger sweeps should run (`EXRANK_HEAVY=1`).
pub fn heavy() -> bool {
    std::env::var("EXRANK_HEAVY").is_ok_and(|v| v == "1")
}

/// Every m×n matrix with entries in `values`, in lexicographic (row-major) order.
pub fn all_matrices(m: usize, n: usize, values: &[i64]) -> impl Iterator<Item = ZMatrix> + '_ {
    (0..m * n)
        .map(|_| values.iter().copied())
        .multi_cartesian_product()
        .map(move |v| ZMatrix::from_vec(m, n, v.into_iter().map(Integer::from).collect()))
}

/// Every shape from 1×1 to 3×3: the exhaustive domains of the {−1, 0, 1} checks.
pub const SHAPES_UP_TO_3: [(usize, usize); 9] = [
    (1, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
    (2, 3),
    (3, 2),
    (3, 3),
];

/// Every m×n matrix with entries in {−1, 0, 1}.
pub fn sign_matrices(m: usize, n: usize) -> Vec<ZMatrix> {
    all_matrices(m, n, &[-1, 0, 1]).collect()
}

/// Every m×n matrix over GF(p), entries as 0..p.
pub fn field_matrices(m: usize, n: usize, p: u64) -> Vec<ZMatrix> {
    let values: Vec<i64> = (0..p as i64).collect();
    all_matrices(m, n, &values).collect::<Vec<_>>()
}

/// Rank over Q by Bareiss.
pub fn rank_q(a: &ZMatrix) -> usize {
    bareiss::rank(a)
}

/// Rank over Q by Bareiss, asserted equal to the size of the largest nonzero minor found
/// by the exhaustive search of the definition (for matrices up to about 4×4).
pub fn rank_q_checked(a: &ZMatrix) -> usize {
    let r = bareiss::rank(a);
    let by_definition = exhaustive::largest_nonzero(a, LexOrder::Rows, u64::MAX)
        .expect("no cap")
        .minor
        .size;
    assert_eq!(
        r, by_definition,
        "Bareiss and the definition disagree on\n{a}"
    );
    r
}

/// Rank over Q by Bareiss, asserted equal to the rank modulo the primes 2^61 − 1 and
/// 2^62 − 57 (never higher than over Q; lower only if every r×r minor were divisible by
/// that prime, which a disagreement would show as a failing case to look at).
pub fn rank_q_random(a: &ZMatrix) -> usize {
    let r = bareiss::rank(a);
    for p in [2_305_843_009_213_693_951u64, 4_611_686_018_427_387_847] {
        assert_eq!(
            modular::rank_mod_p(a, p).rank,
            r,
            "rank mod {p} vs Bareiss on\n{a}"
        );
    }
    r
}

/// Rank over GF(p).
pub fn rank_p(a: &ZMatrix, p: u64) -> usize {
    modular::rank_mod_p(a, p).rank
}

/// Rank over GF(p), asserted equal to the largest k with a k×k minor nonzero mod p.
pub fn rank_p_checked(a: &ZMatrix, p: u64) -> usize {
    let r = rank_p(a, p);
    let pz = Integer::from(p);
    let by_definition = (1..=a.rows().min(a.cols()))
        .rev()
        .find(|&k| {
            (0..a.rows()).combinations(k).any(|rows| {
                (0..a.cols())
                    .combinations(k)
                    .any(|cols| minors::determinant(&a.submatrix(&rows, &cols)) % &pz != 0)
            })
        })
        .unwrap_or(0);
    assert_eq!(
        r, by_definition,
        "rank mod {p} and the definition disagree on\n{a}"
    );
    r
}

/// det(a) mod p in [0, p), by the minors module's determinant.
pub fn det_mod_p(a: &ZMatrix, p: u64) -> u64 {
    let d = minors::determinant(a);
    let mut r = d % p;
    if r < 0 {
        r += p;
    }
    r.to_u64().expect("residue fits")
}

/// Reduces every entry into [0, p).
pub fn reduce(a: &ZMatrix, p: u64) -> ZMatrix {
    let v = modular::gfp::reduce(a, p);
    ZMatrix::from_vec(
        a.rows(),
        a.cols(),
        v.into_iter().map(Integer::from).collect(),
    )
}

/// The adjugate: adj(A)[j][i] = (−1)^(i+j) det A with row i and column j removed, so that
/// A·adj(A) = adj(A)·A = det(A)·I. Uses the minors module's determinant.
pub fn adjugate(a: &ZMatrix) -> ZMatrix {
    let n = a.rows();
    ZMatrix::from_fn(n, n, |j, i| {
        let rows: Vec<usize> = (0..n).filter(|&k| k != i).collect();
        let cols: Vec<usize> = (0..n).filter(|&k| k != j).collect();
        let d = minors::determinant(&a.submatrix(&rows, &cols));
        if (i + j) % 2 == 0 {
            d
        } else {
            -d
        }
    })
}

/// c · I (n×n).
pub fn scalar(n: usize, c: &Integer) -> ZMatrix {
    ZMatrix::from_fn(n, n, |i, j| if i == j { c.clone() } else { Integer::new() })
}

/// −A.
pub fn neg(a: &ZMatrix) -> ZMatrix {
    ZMatrix::from_fn(a.rows(), a.cols(), |i, j| Integer::from(-&a[(i, j)]))
}

/// The base seed (`EXRANK_SEED`, default 0x5EED) and the number of random cases
/// (`EXRANK_CASES`, default `default_cases`, ×10 with `EXRANK_HEAVY=1`).
fn seeds(default_cases: u64) -> (u64, u64) {
    let base = std::env::var("EXRANK_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED);
    let cases = std::env::var("EXRANK_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if heavy() {
            10 * default_cases
        } else {
            default_cases
        });
    (base, cases)
}

/// Runs `case` for seeds base, base+1, …; a failing case is reported with its seed and
/// the command that reruns exactly it. Returns the number of cases run.
pub fn seeded(name: &str, default_cases: u64, mut case: impl FnMut(u64, &mut ChaCha8Rng)) -> u64 {
    let (base, cases) = seeds(default_cases);
    for seed in base..base + cases {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        if let Err(e) = catch_unwind(AssertUnwindSafe(|| case(seed, &mut rng))) {
            eprintln!(
                "{name}: case with seed {seed} failed; rerun it alone with \
                 EXRANK_SEED={seed} EXRANK_CASES=1 cargo test --test <this proof>"
            );
            resume_unwind(e);
        }
    }
    cases
}

/// An m×n matrix of rank exactly r with big entries (`bits`-bit diagonal, densified by
/// unimodular operations), m, n in 1..=max_dim, r uniform in 0..=min(m, n).
pub fn random_with_rank(rng: &mut ChaCha8Rng, max_dim: usize, bits: u32) -> (ZMatrix, usize) {
    let m = rng.gen_range(1..=max_dim);
    let n = rng.gen_range(1..=max_dim);
    let r = rng.gen_range(0..=m.min(n));
    (shaped_with_rank(rng, m, n, r, bits), r)
}

/// An m×n matrix of rank exactly r with big entries.
pub fn shaped_with_rank(rng: &mut ChaCha8Rng, m: usize, n: usize, r: usize, bits: u32) -> ZMatrix {
    let ops = 3 * (m + n) + rng.gen_range(0..10);
    exrank::matrix::gen::randrank(m, n, r, bits, ops, rng.gen())
}

/// A random m×n matrix over GF(p) of rank at most r (a product of m×r and r×n factors).
pub fn random_mod_p(rng: &mut ChaCha8Rng, m: usize, n: usize, r: usize, p: u64) -> ZMatrix {
    let f = ZMatrix::from_fn(m, r, |_, _| Integer::from(rng.gen_range(0..p)));
    let g = ZMatrix::from_fn(r, n, |_, _| Integer::from(rng.gen_range(0..p)));
    reduce(&f.mul(&g), p)
}

/// One line of the case-count summary (`cargo test -- --nocapture` shows them).
pub fn report(relation: &str, domain: &str, cases: u64) {
    println!("[proof] {relation} | {domain} | {cases} cases");
}
