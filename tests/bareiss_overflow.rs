//! Matrices whose elimination outgrows i64 part-way: the word-size path must refuse them
//! (never wrap), and the escaping dispatcher must still agree with the GMP kernel and with
//! the rational oracle.

mod common;

use common::{check_elimination, check_kernel};
use exrank::bareiss::{self, eliminate_big, eliminate_truncated, eliminate_word, Threads};
use exrank::matrix::gen::{randrank, uniform};
use exrank::ZMatrix;
use rug::Integer;

fn z(rows: &[Vec<i128>]) -> ZMatrix {
    let n = rows.first().map_or(0, Vec::len);
    ZMatrix::from_fn(rows.len(), n, |i, j| Integer::from(rows[i][j]))
}

/// Escapes (the word path alone gives up) and is right anyway.
fn assert_escapes_and_agrees(a: &ZMatrix) {
    assert!(eliminate_word(a).is_none(), "expected an overflow on\n{a}");
    let e = bareiss::eliminate(a);
    assert_eq!(e, eliminate_big(a, Threads::Single));
    assert_eq!(e, eliminate_truncated(a, Threads::Single));
    check_elimination(a, &e);
    check_kernel(a, &bareiss::kernel_basis(a), &e.pivot_cols);
}

#[test]
fn entries_near_2_pow_62_overflow_at_the_second_step() {
    let t = 1i128 << 62;
    assert_escapes_and_agrees(&z(&[vec![t - 1, 3], vec![5, t - 3]]));
    assert_escapes_and_agrees(&z(&[vec![t - 1, t - 2, 1], vec![t - 3, t - 5, 2], vec![7, 1, t - 11]]));
    // Singular despite huge entries: two equal rows.
    assert_escapes_and_agrees(&z(&[vec![t - 1, t - 2, 5], vec![t - 1, t - 2, 5], vec![3, t, 1]]));
}

#[test]
fn input_entries_beyond_i64_go_straight_to_gmp() {
    let t = 1i128 << 63; // exactly i64::MIN in magnitude: not taken by the word path
    assert_escapes_and_agrees(&z(&[vec![-t, 1], vec![1, 1]]));
    assert_escapes_and_agrees(&z(&[vec![1, 2], vec![3, 1 << 100]]));
}

#[test]
fn escape_in_the_middle_of_a_step_resumes_at_that_row() {
    // Step 1 (pivot 2^40): row 1 has a zero lead and fits (2^40), row 2 overflows (2^70),
    // so the GMP kernel must finish the step from row 2 with row 1 already updated.
    let p = 1i128 << 40;
    let q = 1i128 << 30;
    let a = z(&[vec![p, q, q, 1], vec![0, 1, 1, 0], vec![1, q, q + 1, 2], vec![3, 0, 5, 7]]);
    assert_escapes_and_agrees(&a);
}

#[test]
fn products_of_2_pow_31_entries_escape_later() {
    let mut escaped = 0;
    for seed in 0..40u64 {
        let n = 3 + (seed as usize % 6);
        let a = uniform(n, n + (seed as usize % 3), 1 << 31, seed);
        let e = bareiss::eliminate(&a);
        assert_eq!(e, eliminate_big(&a, Threads::Single));
        check_elimination(&a, &e);
        if eliminate_word(&a).is_none() {
            escaped += 1;
        }
        // Rank-deficient ones with the same entry sizes.
        let b = randrank(n, n + 1, n - 1, 31, 6 * n, seed);
        let e = bareiss::eliminate(&b);
        assert_eq!(e.rank, n - 1);
        assert_eq!(e, eliminate_big(&b, Threads::Single));
        check_elimination(&b, &e);
    }
    // With 31-bit entries the 3×3 minors need about 94 bits: every one of these escapes.
    assert_eq!(escaped, 40);
}
