//! Equivalence invariance: rank(XAY) = rank(A) for nonsingular X (m×m) and Y (n×n), over
//! any field.
//!
//! Why: rank(XAY) ≤ rank(A) by the product bound, and A = X⁻¹(XAY)Y⁻¹ gives the reverse.
//! The inverses only need to exist over the field in question: a Y nonsingular over Q but
//! singular mod p does not preserve the rank mod p (checked below with a witness).
//!
//! Checked: every triple (X, A, Y) of 2×2 {−1,0,1} matrices with X, Y nonsingular; every
//! such triple over GF(2) and over GF(3); random A of prescribed rank up to 12×12 with
//! random nonsingular X, Y with big entries; random triples mod p.

mod common;
use common::*;
use exrank::ZMatrix;
use rand::Rng;

#[test]
fn every_sign_triple_2x2() {
    let all = sign_matrices(2, 2);
    let units: Vec<&ZMatrix> = all.iter().filter(|x| rank_q_checked(x) == 2).collect();
    assert_eq!(units.len(), 48); // 81 − 33 singular (OEIS A057981)
    let mut cases = 0;
    for a in &all {
        let r = rank_q_checked(a);
        for x in &units {
            let xa = x.mul(a);
            for y in &units {
                assert_eq!(rank_q_checked(&xa.mul(y)), r, "X =\n{x}A =\n{a}Y =\n{y}");
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 81 * 48 * 48);
    report(
        "rank(XAY) = rank(A) over Q",
        "every 2x2 {-1,0,1} triple with X, Y nonsingular",
        cases,
    );
}

#[test]
fn every_triple_over_gf_p() {
    for p in [2u64, 3] {
        let all = field_matrices(2, 2, p);
        let units: Vec<&ZMatrix> = all.iter().filter(|x| rank_p_checked(x, p) == 2).collect();
        assert_eq!(
            units.len() as u64,
            (p * p - 1) * (p * p - p),
            "|GL(2, {p})|"
        );
        let mut cases = 0;
        for a in &all {
            let r = rank_p_checked(a, p);
            for x in &units {
                let xa = x.mul(a);
                for y in &units {
                    assert_eq!(rank_p(&xa.mul(y), p), r, "GF({p}) X =\n{x}A =\n{a}Y =\n{y}");
                    cases += 1;
                }
            }
        }
        report(
            "rank(XAY) = rank(A) over GF(p)",
            &format!("every 2x2 triple over GF({p}), X, Y in GL(2,{p})"),
            cases,
        );
    }
}

#[test]
fn nonsingular_over_q_is_not_enough_mod_p() {
    // Y = diag(1, 2) is invertible over Q but not over GF(2); with A = I it drops the rank.
    let y = ZMatrix::from_i64_rows(&[vec![1, 0], vec![0, 2]]).unwrap();
    let a = ZMatrix::identity(2);
    assert_eq!(rank_q_checked(&a.mul(&y)), 2);
    assert_eq!((rank_p(&a, 2), rank_p(&a.mul(&y), 2)), (2, 1));
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("rank(XAY)", 120, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 100);
        let (m, n) = (a.rows(), a.cols());
        // Nonsingular with big entries: full-rank randrank (its determinant is a product of
        // 100-bit diagonal entries, up to sign), not unimodular.
        let x = shaped_with_rank(rng, m, m, m, 100);
        let y = shaped_with_rank(rng, n, n, n, 100);
        assert_eq!(rank_q_random(&x.mul(&a).mul(&y)), r);
    });
    report(
        "rank(XAY) = rank(A) over Q",
        "random rank-r A up to 12x12, 100-bit X, Y",
        cases,
    );
    let cases = seeded("rank(XAY) mod p", 200, |_, rng| {
        let p = [2u64, 3, 7, 1_000_003][rng.gen_range(0..4)];
        let (m, n) = (rng.gen_range(1..=12), rng.gen_range(1..=12));
        let k = rng.gen_range(0..=m.min(n));
        let a = random_mod_p(rng, m, n, k, p);
        let x = random_mod_p(rng, m, m, m, p);
        let y = random_mod_p(rng, n, n, n, p);
        if rank_p(&x, p) == m && rank_p(&y, p) == n {
            assert_eq!(rank_p(&x.mul(&a).mul(&y), p), rank_p(&a, p), "GF({p})");
        }
    });
    report(
        "rank(XAY) = rank(A) over GF(p)",
        "random up to 12x12 (singular X or Y skipped)",
        cases,
    );
}
