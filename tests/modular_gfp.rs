//! Rank over GF(p): the fast kernels against the reference elimination (`modular::gfp`),
//! for p = 2, 3, a 23-bit, a 26-bit and a 62-bit prime, on matrices of known rank and on
//! shapes that exercise the recursive blocking (wider and taller than the base width).

use exrank::matrix::gen::{randrank, uniform};
use exrank::modular::{self, gfp, reduce_zmatrix};
use exrank::ZMatrix;

const PRIMES: [u64; 6] = [
    2,
    3,
    8_388_593,                 // largest prime below 2^23 (the multimodular engine's range)
    67_108_859,                // largest prime below 2^26: the f64 kernel's split path
    4_611_686_018_427_387_847, // a 62-bit prime: the u64 kernel
    (1 << 61) - 1,
];

fn check(a: &ZMatrix, p: u64) {
    let want = gfp::rank_mod_p(a, p);
    let got = modular::rank_mod_p(a, p);
    assert_eq!(got, want, "p = {p}, shape {}x{}", a.rows(), a.cols());
    // The same through the residue entry with a parallel GEMM.
    let mut res = reduce_zmatrix(a, p);
    let par = modular::rank_residues(&mut res, a.rows(), a.cols(), p, faer::Par::rayon(2));
    assert_eq!(par, want);
}

#[test]
fn primes_in_the_table_are_prime() {
    for p in PRIMES {
        assert!(exrank::modular::prime::is_prime(p), "{p}");
    }
}

#[test]
fn fast_kernels_match_reference_on_known_rank() {
    let shapes = [
        (0, 0),
        (0, 5),
        (5, 0),
        (1, 1),
        (7, 3),
        (3, 7),
        (40, 40),
        (70, 33),
        (33, 90),
    ];
    for (s, &(m, n)) in shapes.iter().enumerate() {
        for r in 0..=m.min(n) {
            if m.min(n) > 10 && r % 7 != 0 && r != m.min(n) && r + 1 != m.min(n) {
                continue;
            }
            let a = randrank(m, n, r, 20, 4 * (m + n), 1000 * s as u64 + r as u64);
            for p in PRIMES {
                check(&a, p);
            }
        }
    }
}

#[test]
fn fast_kernels_match_reference_on_uniform_and_sparse_patterns() {
    for (seed, &(m, n)) in [(150, 150), (130, 200), (200, 97)].iter().enumerate() {
        let a = uniform(m, n, 100, seed as u64);
        for p in PRIMES {
            check(&a, p);
        }
        // Low rank through a product, so the recursion meets zero columns and short rows.
        let b = uniform(m, 20, 3, 10 + seed as u64).mul(&uniform(20, n, 3, 20 + seed as u64));
        for p in PRIMES {
            check(&b, p);
        }
    }
    // Mod 2 and 3 a matrix of small entries is very singular: many zero columns.
    let c = uniform(120, 140, 1, 77);
    for p in [2, 3] {
        check(&c, p);
    }
}

#[test]
fn pivot_columns_are_the_column_rank_profile() {
    for seed in 0..6 {
        let a = randrank(30, 45, 12, 10, 100, seed);
        // Over a large prime the profile is the rational one for these inputs.
        let e = modular::rank_mod_p(&a, 8_388_593);
        let b = exrank::bareiss::eliminate(&a);
        assert_eq!((e.rank, &e.pivot_cols), (b.rank, &b.pivot_cols));
        // Naive profile: column j is a pivot iff it raises the rank of the columns before it.
        let mut prof = Vec::new();
        let mut prev = 0;
        for j in 0..a.cols() {
            let cols: Vec<usize> = (0..=j).collect();
            let rows: Vec<usize> = (0..a.rows()).collect();
            let r = exrank::bareiss::rank(&a.submatrix(&rows, &cols));
            if r > prev {
                prof.push(j);
                prev = r;
            }
        }
        assert_eq!(e.pivot_cols, prof);
    }
}

#[test]
fn pivot_minor_is_invertible_mod_p() {
    for p in PRIMES {
        let a = uniform(60, 80, 5, p);
        let e = modular::rank_mod_p(&a, p);
        let sub = a.submatrix(&e.pivot_rows, &e.pivot_cols);
        assert_eq!(gfp::rank_mod_p(&sub, p).rank, e.rank, "p = {p}");
    }
}
