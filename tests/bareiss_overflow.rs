//! Matrices whose elimination outgrows i64 part-way: the word-size path must refuse them
//! (never wrap), and the escaping dispatcher must still agree with the GMP kernel and with
//! the rational oracle. Also the limb kernel's own hand-overs to GMP (a pivot's power of
//! two too wide for its spare limb; minors far below Hadamard's bound).

mod common;

use common::{check_elimination, check_kernel};
use exrank::bareiss::{self, eliminate_big, eliminate_truncated, eliminate_word, Threads};
use exrank::matrix::gen::{random_signed, randrank, uniform};
use exrank::ZMatrix;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
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
    assert_escapes_and_agrees(&z(&[
        vec![t - 1, t - 2, 1],
        vec![t - 3, t - 5, 2],
        vec![7, 1, t - 11],
    ]));
    // Singular despite huge entries: two equal rows.
    assert_escapes_and_agrees(&z(&[
        vec![t - 1, t - 2, 5],
        vec![t - 1, t - 2, 5],
        vec![3, t, 1],
    ]));
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
    let a = z(&[
        vec![p, q, q, 1],
        vec![0, 1, 1, 0],
        vec![1, q, q + 1, 2],
        vec![3, 0, 5, 7],
    ]);
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

#[test]
fn pivots_with_large_powers_of_two_leave_the_limb_kernel_for_gmp() {
    // The first pivot 2^300 makes the next division shift by 300 bits, more than the one
    // spare limb the truncated kernel reserves: it must hand over to GMP mid-elimination.
    let big = Integer::from(1) << 300u32;
    let a = ZMatrix::from_fn(4, 4, |i, j| match (i, j) {
        (0, 0) => big.clone(),
        _ => Integer::from((i * 7 + j * 3) % 5) + 1 + (i == j) as u8,
    });
    let e = eliminate_truncated(&a, Threads::Single);
    assert_eq!(e, eliminate_big(&a, Threads::Single));
    assert_eq!(e, bareiss::eliminate(&a));
    check_elimination(&a, &e);
}

#[test]
fn huge_entries_with_tiny_minors_leave_the_limb_kernel_for_gmp() {
    // Entries of hundreds of bits while every pivot stays tiny: Hadamard's bound is
    // hopelessly pessimistic and the dispatcher switches to GMP.
    for seed in 0..4u64 {
        // A = L·D·U: unit triangular L and U with 150-bit entries around a diagonal D of
        // rank 9 with entries 1..9, so the leading minors are products of D's entries.
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let l = ZMatrix::from_fn(10, 10, |i, j| match i.cmp(&j) {
            std::cmp::Ordering::Greater => random_signed(&mut rng, 150),
            std::cmp::Ordering::Equal => Integer::from(1),
            std::cmp::Ordering::Less => Integer::new(),
        });
        let d = ZMatrix::from_fn(10, 12, |i, j| {
            Integer::from(if i == j && i < 9 { i + 1 } else { 0 })
        });
        let u = ZMatrix::from_fn(12, 12, |i, j| match i.cmp(&j) {
            std::cmp::Ordering::Less => random_signed(&mut rng, 150),
            std::cmp::Ordering::Equal => Integer::from(1),
            std::cmp::Ordering::Greater => Integer::new(),
        });
        let a = l.mul(&d).mul(&u);
        assert!(
            a.max_bits() > 250,
            "entries grew to {} bits only",
            a.max_bits()
        );
        let e = bareiss::eliminate(&a);
        assert_eq!(e.rank, 9);
        assert_eq!(e, eliminate_big(&a, Threads::Single));
        assert_eq!(e, eliminate_truncated(&a, Threads::Single));
        check_elimination(&a, &e);
    }
}
