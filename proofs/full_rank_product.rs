//! Product of full-rank factors: rank(AB) = r for A m×r and B r×n both of rank r, over any
//! field.
//!
//! Why (any field): A has independent columns, so it has a left inverse L (LA = I_r), and B
//! has independent rows, so a right inverse R (BR = I_r); then r = rank(L·AB·R) ≤ rank(AB)
//! ≤ r. (The seed's proof goes through AᵀA and BBᵀ, which is valid over Q but not over
//! GF(p); the statement itself holds over every field.) This is also the converse half of
//! the full-rank factorization: A = GH with G, H of rank r forces rank A = r.
//!
//! Checked: every full-rank pair from {−1,0,1} with (m, r, n) in {(2,1,2), (3,1,3), (2,2,2),
//! (3,2,3)}; every full-rank pair over GF(2) and GF(3) with (m, r, n) = (3,2,3); random
//! full-rank factors up to 12×12 with big entries and over GF(p). Also counted: how often
//! the reversed product BA (r×r) is singular — the relation is about AB only.

mod common;
use common::*;
use rand::Rng;

#[test]
fn every_full_rank_sign_pair() {
    for (m, r, n) in [(2, 1, 2), (3, 1, 3), (2, 2, 2), (3, 2, 3)] {
        let xs: Vec<_> = sign_matrices(m, r)
            .into_iter()
            .filter(|a| rank_q_checked(a) == r)
            .collect();
        let ys: Vec<_> = sign_matrices(r, n)
            .into_iter()
            .filter(|b| rank_q_checked(b) == r)
            .collect();
        let (mut cases, mut ba_singular) = (0u64, 0u64);
        for a in &xs {
            for b in &ys {
                assert_eq!(rank_q_checked(&a.mul(b)), r, "A =\n{a}B =\n{b}");
                ba_singular += (rank_q(&b.mul(a)) < r) as u64;
                cases += 1;
            }
        }
        report(
            "rank(AB) = r for full-rank A (m x r), B (r x n) over Q",
            &format!(
                "every full-rank {{-1,0,1}} pair, m={m} r={r} n={n} (BA singular in {ba_singular})"
            ),
            cases,
        );
    }
}

#[test]
fn every_full_rank_pair_over_gf_p() {
    for p in [2u64, 3] {
        let (m, r, n) = (3, 2, 3);
        let xs: Vec<_> = field_matrices(m, r, p)
            .into_iter()
            .filter(|a| rank_p_checked(a, p) == r)
            .collect();
        let ys: Vec<_> = field_matrices(r, n, p)
            .into_iter()
            .filter(|b| rank_p_checked(b, p) == r)
            .collect();
        let mut cases = 0;
        for a in &xs {
            for b in &ys {
                assert_eq!(rank_p(&a.mul(b), p), r, "GF({p}) A =\n{a}B =\n{b}");
                cases += 1;
            }
        }
        // |full-rank 3×2 over GF(q)| = (q³ − 1)(q³ − q): an independent count of the domain.
        let q = p * p * p;
        assert_eq!(xs.len() as u64, (q - 1) * (q - p));
        report(
            "rank(AB) = r for full-rank A, B over GF(p)",
            &format!("every full-rank pair over GF({p}), m=3 r=2 n=3"),
            cases,
        );
    }
}

#[test]
fn random_full_rank_factors_up_to_12x12() {
    let cases = seeded("full-rank product", 150, |_, rng| {
        let r = rng.gen_range(0..=12);
        let (m, n) = (rng.gen_range(r..=12), rng.gen_range(r..=12));
        let a = shaped_with_rank(rng, m, r, r, 150);
        let b = shaped_with_rank(rng, r, n, r, 150);
        assert_eq!(rank_q_random(&a.mul(&b)), r);
    });
    report(
        "rank(AB) = r for full-rank A, B over Q",
        "random up to 12x12, 150-bit",
        cases,
    );
    let cases = seeded("full-rank product mod p", 200, |_, rng| {
        let p = [2u64, 3, 7, 1_000_003][rng.gen_range(0..4)];
        let r = rng.gen_range(0..=12);
        let (m, n) = (rng.gen_range(r..=12), rng.gen_range(r..=12));
        let a = random_mod_p(rng, m, r, r, p);
        let b = random_mod_p(rng, r, n, r, p);
        if rank_p(&a, p) == r && rank_p(&b, p) == r {
            assert_eq!(rank_p(&a.mul(&b), p), r, "GF({p}) A =\n{a}B =\n{b}");
        }
    });
    report(
        "rank(AB) = r for full-rank A, B over GF(p)",
        "random up to 12x12 (pairs not of full rank skipped)",
        cases,
    );
}
