//! Square A (n×n): A invertible ⇔ rank A = n ⇔ det A ≠ 0 ⇔ null(A) = {0}; over any field
//! (invertible over that field, det computed in it).
//!
//! Why: A·adj(A) = adj(A)·A = det(A)·I, so det ≠ 0 gives the inverse adj(A)/det; an
//! inverse gives det(A)·det(A⁻¹) = 1; rank n means n independent columns, i.e. Ax = 0 only
//! for x = 0 (rank–nullity), and a nonzero x with Ax = 0 rules out any inverse
//! (x = A⁻¹Ax = 0).
//!
//! Checked per matrix, each side with a witness: rank (Bareiss; Bareiss and the
//! definition in the exhaustive tier), det (the minors module's determinant, and Bareiss's,
//! which must agree), an inverse checked by multiplication when det ≠ 0, a nonzero kernel
//! vector checked by multiplication when the rank is below n. Domains: every {−1,0,1}
//! matrix 1×1 to 3×3 (11,808 of the 19,683 3×3 ones are invertible: 7,875 singular, OEIS
//! A057981), every {0,1} 3×3 (338 singular, OEIS A046747); every matrix 2×2 and 3×3 over
//! GF(2) and GF(3), with the invertible ones counted against |GL(n, q)|; random n×n of
//! rank n or below up to 12×12 with big entries, also reduced mod p.

mod common;
use common::*;
use exrank::{bareiss, minors, ZMatrix};
use itertools::Itertools;
use rand::Rng;
use rug::{Integer, Rational};

/// All four conditions over Q, with witnesses; returns whether A is invertible.
fn check_over_q(a: &ZMatrix, rank: usize) -> bool {
    let n = a.rows();
    let d = minors::determinant(a);
    assert_eq!(bareiss::det(a), d, "two determinants on\n{a}");
    let kernel = bareiss::kernel_basis(a);
    let full = rank == n;
    assert_eq!(d != 0, full, "det ≠ 0 ⇔ rank n on\n{a}");
    assert_eq!(kernel.cols() == 0, full, "null = {{0}} ⇔ rank n on\n{a}");
    if full {
        // The inverse: adj(A)/d, with adj by cofactors for small n and d·(A⁻¹ by
        // Gauss–Jordan over Q) for larger n; either way both products must be d·I.
        let adj = if n <= 4 {
            adjugate(a)
        } else {
            det_times_inverse(a, &d)
        };
        assert_eq!(a.mul(&adj), scalar(n, &d));
        assert_eq!(adj.mul(a), scalar(n, &d));
    } else {
        // A witness that no inverse exists: a nonzero x with Ax = 0.
        let x = kernel.submatrix(&(0..n).collect::<Vec<_>>(), &[0]);
        assert!(!x.is_zero() && a.mul(&x).is_zero());
    }
    full
}

/// d·A⁻¹ for nonsingular A with det d, by Gauss–Jordan on [A | I] over Q; an integer
/// matrix (it is the adjugate), asserted so.
fn det_times_inverse(a: &ZMatrix, d: &Integer) -> ZMatrix {
    let n = a.rows();
    let mut w: Vec<Vec<Rational>> = (0..n)
        .map(|i| {
            (0..2 * n)
                .map(|j| {
                    if j < n {
                        Rational::from(&a[(i, j)])
                    } else {
                        Rational::from((j - n == i) as u8)
                    }
                })
                .collect()
        })
        .collect();
    for k in 0..n {
        let p = (k..n).find(|&i| w[i][k] != 0).expect("nonsingular");
        w.swap(k, p);
        let inv = Rational::from(1) / w[k][k].clone();
        for x in w[k].iter_mut() {
            *x *= &inv;
        }
        let pivot = w[k].clone();
        for (i, row) in w.iter_mut().enumerate() {
            if i != k && row[k] != 0 {
                let f = row[k].clone();
                for (x, y) in row.iter_mut().zip(&pivot) {
                    *x -= Rational::from(&f * y);
                }
            }
        }
    }
    ZMatrix::from_fn(n, n, |i, j| {
        let v = Rational::from(&w[i][n + j] * d);
        assert_eq!(*v.denom(), 1, "d·A⁻¹ is integral");
        v.numer().clone()
    })
}

#[test]
fn exhaustive_over_small_integer_matrices() {
    let mut cases = 0;
    for (n, values, singular) in [
        (1, vec![-1, 0, 1], 1),
        (2, vec![-1, 0, 1], 33),
        (3, vec![-1, 0, 1], 7875),
        (2, vec![0, 1], 10),
        (3, vec![0, 1], 338),
    ] {
        let mut invertible = 0;
        let mut total = 0;
        for a in all_matrices(n, n, &values) {
            invertible += check_over_q(&a, rank_q_checked(&a)) as u64;
            total += 1;
        }
        assert_eq!(
            total - invertible,
            singular,
            "{n}x{n} over {values:?} (OEIS A057981/A046747)"
        );
        cases += total;
    }
    report(
        "invertible <=> rank n <=> det != 0 <=> null = 0, over Q",
        "every {-1,0,1} matrix to 3x3, every {0,1} to 3x3",
        cases,
    );
}

#[test]
fn exhaustive_over_gf_p() {
    let mut cases = 0;
    for p in [2u64, 3] {
        for n in [2usize, 3] {
            let mut invertible = 0u64;
            for a in field_matrices(n, n, p) {
                let full = rank_p_checked(&a, p) == n;
                let d = det_mod_p(&a, p);
                assert_eq!(d != 0, full, "GF({p})\n{a}");
                if full {
                    let d_inv = Integer::from(d).invert(&Integer::from(p)).unwrap();
                    let adj = adjugate(&a);
                    let inv = reduce(
                        &ZMatrix::from_fn(n, n, |i, j| Integer::from(&adj[(i, j)] * &d_inv)),
                        p,
                    );
                    assert_eq!(reduce(&a.mul(&inv), p), ZMatrix::identity(n));
                    invertible += 1;
                } else {
                    let pz = p as i64;
                    let x = (0..n).map(|_| 0..pz).multi_cartesian_product().find(|x| {
                        x.iter().any(|&v| v != 0)
                            && (0..n).all(|i| {
                                (0..n)
                                    .map(|j| a[(i, j)].to_i64().unwrap() * x[j])
                                    .sum::<i64>()
                                    % pz
                                    == 0
                            })
                    });
                    assert!(
                        x.is_some(),
                        "a singular matrix has a nonzero kernel vector mod {p}"
                    );
                }
                cases += 1;
            }
            let q = p.pow(n as u32);
            let gl: u64 = (0..n as u32).map(|i| q - p.pow(i)).product();
            assert_eq!(invertible, gl, "|GL({n}, {p})|");
        }
    }
    report(
        "invertible <=> rank n <=> det != 0 over GF(p)",
        "every 2x2 and 3x3 over GF(2) and GF(3), counted against |GL(n,q)|",
        cases,
    );
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("invertibility", 150, |_, rng| {
        let n = rng.gen_range(1..=12);
        let r = n - rng.gen_range(0..=2).min(n);
        let a = shaped_with_rank(rng, n, n, r, 150);
        assert_eq!(rank_q_random(&a), r);
        assert_eq!(check_over_q(&a, r), r == n);
        let p = [2u64, 3, 1_000_003][rng.gen_range(0..3)];
        assert_eq!(rank_p(&a, p) == n, det_mod_p(&a, p) != 0, "GF({p})");
    });
    report(
        "invertible <=> rank n <=> det != 0",
        "random n x n of rank n, n-1, n-2 up to 12x12, 150-bit, and mod p",
        cases,
    );
}
