//! Rank = the size of the largest nonzero minor (the largest nonsingular square
//! submatrix); over any field.
//!
//! Why: if A[I, J] is nonsingular (k×k), its k rows are independent, so rank ≥ k; if
//! rank A = r, pick r independent rows, then r independent columns of that r×n block
//! (row rank = column rank): an r×r nonsingular submatrix; and any (r+1) rows are
//! dependent, so every (r+1)-minor vanishes.
//!
//! Checked: the exhaustive search of the definition (`minors::exhaustive`, with its own
//! determinant) against Bareiss and against rank modulo large primes on every {−1,0,1}
//! matrix up to 3×3 plus 2×4 and 4×2 (3×4 and 4×3 with EXRANK_HEAVY=1); over GF(p) the
//! definition mod p against `rank_mod_p` on every matrix up to 3×3 over GF(2) and GF(3);
//! random matrices of prescribed rank with big entries: up to 7×7 by the full search, up
//! to 12×12 by the pivot minor (nonzero) and the (r+1)-minors (all of them when there are
//! at most 5,000, else 200 chosen at random, all zero).

mod common;
use common::*;
use exrank::minors::{self, exhaustive, LexOrder};
use exrank::{bareiss, ZMatrix};
use itertools::Itertools;
use rand::seq::index::sample;

fn definition(a: &ZMatrix) -> usize {
    exhaustive::largest_nonzero(a, LexOrder::Rows, u64::MAX)
        .unwrap()
        .minor
        .size
}

#[test]
fn exhaustive_over_sign_matrices() {
    let mut shapes = SHAPES_UP_TO_3.to_vec();
    shapes.extend([(2, 4), (4, 2)]);
    if heavy() {
        shapes.extend([(3, 4), (4, 3)]);
    }
    let mut cases = 0;
    for (m, n) in shapes {
        for a in sign_matrices(m, n) {
            let r = definition(&a);
            assert_eq!(bareiss::rank(&a), r, "Bareiss vs definition on\n{a}");
            assert_eq!(rank_q_random(&a), r);
            let fast = minors::from_pivots(&a).unwrap();
            assert_eq!(
                fast.value,
                bareiss::eliminate(&a).minor,
                "two determinants agree"
            );
            cases += 1;
        }
    }
    report(
        "rank = size of the largest nonzero minor over Q",
        if heavy() {
            "every {-1,0,1} matrix up to 3x3, plus 2x4, 4x2, 3x4, 4x3"
        } else {
            "every {-1,0,1} matrix up to 3x3, plus 2x4 and 4x2"
        },
        cases,
    );
}

#[test]
fn exhaustive_over_gf_p() {
    let mut cases = 0;
    for p in [2u64, 3] {
        for (m, n) in [(2, 2), (2, 3), (3, 2), (3, 3)] {
            for a in field_matrices(m, n, p) {
                rank_p_checked(&a, p); // asserts rank_mod_p = largest k with a k-minor ≠ 0 mod p
                cases += 1;
            }
        }
    }
    report(
        "rank = size of the largest nonzero minor over GF(p)",
        "every matrix up to 3x3 over GF(2) and GF(3)",
        cases,
    );
}

#[test]
fn random_by_the_full_search_up_to_7x7() {
    let cases = seeded("largest minor, full search", 120, |_, rng| {
        let (a, r) = random_with_rank(rng, 7, 64);
        assert_eq!(definition(&a), r);
    });
    report(
        "rank = size of the largest nonzero minor over Q",
        "random rank-r up to 7x7, 64-bit, full search",
        cases,
    );
}

#[test]
fn random_by_pivots_and_the_next_size_up_to_12x12() {
    let mut minors_checked = 0u64;
    let cases = seeded("largest minor, pivots", 100, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 100);
        let (m, n) = (a.rows(), a.cols());
        let fast = minors::from_pivots(&a).unwrap();
        assert_eq!(fast.size, r);
        assert!(fast.holds_for(&a));
        if r == m.min(n) {
            return;
        }
        let k = r + 1;
        let mut check = |rows: &[usize], cols: &[usize]| {
            assert_eq!(
                minors::determinant(&a.submatrix(rows, cols)),
                0,
                "({rows:?}, {cols:?}) on\n{a}"
            );
            minors_checked += 1;
        };
        if minors::count_minors(m, n, k) <= 5_000 {
            for rows in (0..m).combinations(k) {
                for cols in (0..n).combinations(k) {
                    check(&rows, &cols);
                }
            }
        } else {
            for _ in 0..200 {
                let mut rows = sample(rng, m, k).into_vec();
                let mut cols = sample(rng, n, k).into_vec();
                rows.sort_unstable();
                cols.sort_unstable();
                check(&rows, &cols);
            }
        }
    });
    report(
        "rank = size of the largest nonzero minor over Q",
        &format!("random rank-r up to 12x12, 100-bit: pivot minor + {minors_checked} (r+1)-minors"),
        cases,
    );
}
