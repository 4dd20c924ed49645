//! Bareiss on matrices of known rank (randrank + randops), every rank r in 0..=min(m, n),
//! many shapes, entries from 1 bit to hundreds of bits: the rank is exactly r, the pivot
//! minor is nonzero and equals the oracle's determinant, the pivot columns are the oracle's
//! column rank profile, the kernel basis is right, and all paths agree.

mod common;

use common::{check_elimination, check_kernel, oracle_det, to_bigint};
use exrank::bareiss::{self, eliminate_big, eliminate_truncated, eliminate_word, Threads};
use exrank::matrix::gen::randrank;

const SHAPES: &[(usize, usize)] = &[
    (0, 0),
    (0, 4),
    (4, 0),
    (1, 1),
    (1, 5),
    (5, 1),
    (2, 2),
    (3, 3),
    (3, 7),
    (7, 3),
    (5, 5),
    (6, 9),
    (9, 6),
    (8, 8),
    (12, 4),
    (4, 12),
    (10, 10),
];

#[test]
fn every_rank_every_shape_every_size() {
    let mut seed = 0;
    let mut word_ran = 0;
    let mut word_escaped = 0;
    for &(m, n) in SHAPES {
        for r in 0..=m.min(n) {
            for bits in [1u32, 4, 20, 62, 64, 130, 300] {
                seed += 1;
                let ops = 3 * (m + n);
                let a = randrank(m, n, r, bits, ops, seed);
                let e = bareiss::eliminate(&a);
                assert_eq!(e.rank, r, "{m}×{n} rank {r} bits {bits} seed {seed}");
                assert_eq!(bareiss::rank(&a), r);
                check_elimination(&a, &e);
                assert_eq!(eliminate_big(&a, Threads::Single), e);
                assert_eq!(eliminate_big(&a, Threads::Auto), e);
                assert_eq!(eliminate_truncated(&a, Threads::Single), e);
                match eliminate_word(&a) {
                    Some(w) => {
                        assert_eq!(w, e);
                        word_ran += 1;
                    }
                    None => word_escaped += 1,
                }
                let k = bareiss::kernel_basis(&a);
                check_kernel(&a, &k, &e.pivot_cols);
                if m == n {
                    assert_eq!(to_bigint(&bareiss::det(&a)), oracle_det(&a));
                }
            }
        }
    }
    // Both outcomes of the word-size path were exercised.
    assert!(
        word_ran > 100 && word_escaped > 100,
        "{word_ran} ran, {word_escaped} escaped"
    );
}

#[test]
fn medium_matrices_match_the_oracle() {
    for (m, n, r, bits, seed) in [
        (20, 20, 20, 8, 1u64),
        (16, 24, 13, 60, 2),
        (24, 12, 12, 200, 3),
    ] {
        let a = randrank(m, n, r, bits, 4 * (m + n), seed);
        let e = bareiss::eliminate(&a);
        assert_eq!(e.rank, r);
        check_elimination(&a, &e);
        check_kernel(&a, &bareiss::kernel_basis(&a), &e.pivot_cols);
    }
}

#[test]
fn threaded_steps_agree_with_single_thread() {
    // Big enough for the GMP steps to be split across threads; rank known by
    // construction, and A·K = 0 is checked exactly.
    for (m, n, r, bits, seed) in [(80, 80, 80, 100, 4u64), (50, 80, 41, 64, 5)] {
        let a = randrank(m, n, r, bits, 10 * (m + n), seed);
        let e = eliminate_big(&a, Threads::Auto);
        assert_eq!(e.rank, r);
        assert_eq!(eliminate_big(&a, Threads::Single), e);
        assert_eq!(eliminate_truncated(&a, Threads::Auto), e);
        assert_eq!(eliminate_truncated(&a, Threads::Single), e);
        assert_eq!(bareiss::eliminate(&a), e);
        let k = bareiss::kernel_basis(&a);
        assert_eq!(k.cols(), n - r);
        assert!(a.mul(&k).is_zero());
    }
}
