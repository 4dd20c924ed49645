//! Rank of a product: rank(AB) ≤ min(rank A, rank B), over any field.
//!
//! Why: the columns of AB are A times the columns of B, so range(AB) ⊆ range(A); and
//! rank(AB) = rank(BᵀAᵀ) ≤ rank(Bᵀ) = rank(B). Checked alongside, Sylvester's lower bound
//! rank A + rank B − k ≤ rank(AB) (A m×k, B k×n; from rank–nullity on A restricted to
//! range(B)), so both sides of the product's rank are exercised.
//!
//! Checked: every pair of 2×2 {−1,0,1} matrices and every (2×3, 3×2) pair (also (3×2, 2×3)
//! with EXRANK_HEAVY=1); every pair over GF(2) and GF(3) of 2×2 and over GF(2) of
//! (2×3, 3×2); random pairs of prescribed ranks up to 12×12 with big entries; random pairs
//! mod p. The number of pairs where the upper bound is strict is reported.

mod common;
use common::*;
use exrank::ZMatrix;
use rand::Rng;

/// Both bounds on rank(AB); returns whether the upper bound is attained.
fn check(ra: usize, rb: usize, rab: usize, k: usize, what: &dyn Fn() -> String) -> bool {
    assert!(rab <= ra.min(rb), "upper bound: {} {ra} {rb} {rab}", what());
    assert!(ra + rb <= rab + k, "Sylvester: {} {ra} {rb} {rab}", what());
    rab == ra.min(rb)
}

fn all_pairs_q(left: (usize, usize), right: (usize, usize)) {
    let (xs, ys) = (
        sign_matrices(left.0, left.1),
        sign_matrices(right.0, right.1),
    );
    let rx: Vec<usize> = xs.iter().map(rank_q_checked).collect();
    let ry: Vec<usize> = ys.iter().map(rank_q_checked).collect();
    let (mut cases, mut strict) = (0u64, 0u64);
    for (a, &ra) in xs.iter().zip(&rx) {
        for (b, &rb) in ys.iter().zip(&ry) {
            let rab = rank_q_checked(&a.mul(b));
            strict += !check(ra, rb, rab, left.1, &|| format!("A =\n{a}B =\n{b}")) as u64;
            cases += 1;
        }
    }
    assert!(strict > 0);
    report(
        "rank(AB) <= min(rank A, rank B) over Q",
        &format!(
            "every pair ({}x{}, {}x{}) of {{-1,0,1}} matrices ({strict} strict)",
            left.0, left.1, right.0, right.1
        ),
        cases,
    );
}

#[test]
fn every_pair_of_small_sign_matrices() {
    all_pairs_q((2, 2), (2, 2));
    all_pairs_q((2, 3), (3, 2));
    if heavy() {
        all_pairs_q((3, 2), (2, 3));
    }
}

#[test]
fn every_pair_over_gf_p() {
    for (p, left, right) in [
        (2u64, (2, 2), (2, 2)),
        (3, (2, 2), (2, 2)),
        (2, (2, 3), (3, 2)),
        (2, (3, 2), (2, 3)),
    ] {
        let (xs, ys) = (
            field_matrices(left.0, left.1, p),
            field_matrices(right.0, right.1, p),
        );
        let mut cases = 0;
        for a in &xs {
            let ra = rank_p_checked(a, p);
            for b in &ys {
                let (rb, rab) = (rank_p(b, p), rank_p_checked(&a.mul(b), p));
                check(ra, rb, rab, left.1, &|| format!("GF({p}) A =\n{a}B =\n{b}"));
                cases += 1;
            }
        }
        report(
            "rank(AB) <= min(rank A, rank B) over GF(p)",
            &format!(
                "every pair ({}x{}, {}x{}) over GF({p})",
                left.0, left.1, right.0, right.1
            ),
            cases,
        );
    }
}

#[test]
fn random_pairs_up_to_12x12() {
    let mut strict = 0;
    let cases = seeded("rank of a product", 150, |_, rng| {
        let (m, k, n) = (
            rng.gen_range(1..=12),
            rng.gen_range(1..=12),
            rng.gen_range(1..=12),
        );
        let (ra, rb) = (rng.gen_range(0..=m.min(k)), rng.gen_range(0..=k.min(n)));
        let a = shaped_with_rank(rng, m, k, ra, 100);
        let b = shaped_with_rank(rng, k, n, rb, 100);
        let rab = rank_q_random(&a.mul(&b));
        strict += !check(ra, rb, rab, k, &|| format!("A =\n{a}B =\n{b}")) as u64;
    });
    report(
        "rank(AB) <= min(rank A, rank B) over Q",
        &format!("random pairs up to 12x12, 100-bit ({strict} strict)"),
        cases,
    );
    let cases = seeded("rank of a product mod p", 200, |_, rng| {
        let p = [2u64, 3, 7, 1_000_003][rng.gen_range(0..4)];
        let (m, k, n) = (
            rng.gen_range(1..=12),
            rng.gen_range(1..=12),
            rng.gen_range(1..=12),
        );
        let (ka, kb) = (rng.gen_range(0..=m.min(k)), rng.gen_range(0..=k.min(n)));
        let a: ZMatrix = random_mod_p(rng, m, k, ka, p);
        let b = random_mod_p(rng, k, n, kb, p);
        let (ra, rb, rab) = (rank_p(&a, p), rank_p(&b, p), rank_p(&a.mul(&b), p));
        check(ra, rb, rab, k, &|| format!("GF({p}) A =\n{a}B =\n{b}"));
    });
    report(
        "rank(AB) <= min(rank A, rank B) over GF(p)",
        "random pairs, p in {2,3,7,1000003}, up to 12x12",
        cases,
    );
}
