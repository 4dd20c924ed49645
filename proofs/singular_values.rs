//! From the first seed's table: rank = the number of nonzero singular values — checked
//! exactly, with no floating point.
//!
//! Why: the singular values of A are the square roots of the eigenvalues of the symmetric
//! matrix AᵀA (n×n). Its characteristic polynomial is det(xI − AᵀA) = Σ_k (−1)^k e_k x^(n−k)
//! with e_k the k-th elementary symmetric function of σ₁², …, σₙ². With exactly s nonzero
//! σᵢ, e_k > 0 for k ≤ s and e_k = 0 for k > s, so s = the largest k with e_k ≠ 0. And by
//! Cauchy–Binet e_k = Σ over k-subsets of principal k-minors of AᵀA = Σ_{|I|=|J|=k}
//! det(A[I, J])²: a sum of squares, nonzero exactly when some k×k minor is, which ties the
//! SVD characterisation back to the largest nonzero minor.
//!
//! Checked: the characteristic polynomial of AᵀA by the Faddeev–LeVerrier recurrence over
//! Z (its divisions by k are exact), s compared with rank A; and e_k compared with the sum
//! of squared k×k minors for every k. Domains: every {−1,0,1} matrix up to 3×3; random
//! matrices of prescribed rank up to 12×12 with big entries (Cauchy–Binet up to 6×6).
//! There is no GF(p) version: singular values need an ordered field.

mod common;
use common::*;
use exrank::{minors, ZMatrix};
use itertools::Itertools;
use rug::Integer;

/// e_0..=e_n of the eigenvalues of the square matrix s: e_k = (−1)^k c_k where
/// det(xI − s) = Σ c_k x^(n−k). Faddeev–LeVerrier: M₁ = I, c_k = −tr(s·M_k)/k,
/// M_{k+1} = s·M_k + c_k I.
fn elementary_symmetric(s: &ZMatrix) -> Vec<Integer> {
    let n = s.rows();
    let mut c = vec![Integer::from(1)];
    let mut mk = ZMatrix::identity(n);
    for k in 1..=n {
        let sm = s.mul(&mk);
        let ck = -Integer::from(sm.trace().div_exact_ref(&Integer::from(k)));
        mk = sm.add(&scalar(n, &ck));
        c.push(ck);
    }
    assert!(
        mk.is_zero() || n == 0,
        "Cayley–Hamilton: the recurrence ends at zero"
    );
    c.into_iter()
        .enumerate()
        .map(|(k, ck)| if k % 2 == 0 { ck } else { -ck })
        .collect()
}

/// Σ det(A[I, J])² over all k×k minors.
fn sum_of_squared_minors(a: &ZMatrix, k: usize) -> Integer {
    let mut sum = Integer::new();
    for rows in (0..a.rows()).combinations(k) {
        for cols in (0..a.cols()).combinations(k) {
            sum += minors::determinant(&a.submatrix(&rows, &cols)).square();
        }
    }
    sum
}

/// The number of nonzero singular values, exactly; with Cauchy–Binet checked if asked.
fn nonzero_singular_values(a: &ZMatrix, cauchy_binet: bool) -> usize {
    let e = elementary_symmetric(&a.transpose().mul(a));
    for (k, ek) in e.iter().enumerate() {
        assert!(*ek >= 0, "e_k of squares is nonnegative");
        if cauchy_binet {
            assert_eq!(
                *ek,
                sum_of_squared_minors(a, k),
                "Cauchy–Binet, k = {k}, on\n{a}"
            );
        }
    }
    (0..e.len()).rev().find(|&k| e[k] != 0).unwrap_or(0)
}

#[test]
fn exhaustive_over_sign_matrices() {
    let mut cases = 0;
    for (m, n) in SHAPES_UP_TO_3 {
        for a in sign_matrices(m, n) {
            assert_eq!(
                nonzero_singular_values(&a, true),
                rank_q_checked(&a),
                "on\n{a}"
            );
            cases += 1;
        }
    }
    report(
        "rank = number of nonzero singular values (exact)",
        "every {-1,0,1} matrix up to 3x3, with Cauchy-Binet",
        cases,
    );
}

#[test]
fn the_seed_example() {
    // σ ≈ 38.62, 2.07, ~1e-15, ~1e-16 in floating point; exactly two are nonzero.
    let a = ZMatrix::from_fn(4, 4, |i, j| Integer::from(4 * j + i + 1));
    let e = elementary_symmetric(&a.transpose().mul(&a));
    assert_eq!(e[3], 0);
    assert_eq!(e[4], 0);
    assert_eq!(e[1], 1496); // trace AᵀA = Σ a_ij² = Σ_{k=1}^{16} k² = σ₁² + σ₂²
    assert_eq!(nonzero_singular_values(&a, true), 2);
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("singular values", 120, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 100);
        let small = a.rows().max(a.cols()) <= 6;
        assert_eq!(nonzero_singular_values(&a, small), r);
    });
    report(
        "rank = number of nonzero singular values (exact)",
        "random rank-r up to 12x12, 100-bit",
        cases,
    );
}
