//! Rank of a sum: |rank A − rank B| ≤ rank(A + B) ≤ rank A + rank B (same shape), over
//! any field.
//!
//! Why: range(A + B) ⊆ range(A) + range(B), and dim(U + V) ≤ dim U + dim V; for the lower
//! bound write A = (A + B) + (−B) and apply the upper bound (rank(−B) = rank B), and the
//! same with A and B exchanged.
//!
//! Checked: every pair of 2×2 and of 2×3 {−1,0,1} matrices (3×2 too with EXRANK_HEAVY=1), every
//! pair of 2×2 matrices over GF(2) and GF(3); random pairs of prescribed ranks up to 12×12
//! with big entries, including B = C − A so that the lower bound is hit; random pairs mod
//! p. The number of pairs where each bound is tight is reported, so the check is not
//! vacuous.

mod common;
use common::*;
use exrank::ZMatrix;
use rand::Rng;

/// Checks the two bounds; returns (lower tight, upper tight).
fn check(ra: usize, rb: usize, rs: usize, what: &dyn Fn() -> String) -> (bool, bool) {
    assert!(
        ra.abs_diff(rb) <= rs && rs <= ra + rb,
        "{}: {ra} {rb} {rs}",
        what()
    );
    (ra.abs_diff(rb) == rs, rs == ra + rb)
}

#[test]
fn every_pair_of_small_sign_matrices() {
    let mut shapes = vec![(2, 2), (2, 3)];
    if heavy() {
        shapes.push((3, 2));
    }
    for (m, n) in shapes {
        let all = sign_matrices(m, n);
        let ranks: Vec<usize> = all.iter().map(rank_q_checked).collect();
        let (mut cases, mut lower, mut upper) = (0u64, 0u64, 0u64);
        for (a, &ra) in all.iter().zip(&ranks) {
            for (b, &rb) in all.iter().zip(&ranks) {
                let s = a.add(b);
                let rs = rank_q_checked(&s);
                let (l, u) = check(ra, rb, rs, &|| format!("A =\n{a}B =\n{b}"));
                lower += l as u64;
                upper += u as u64;
                cases += 1;
            }
        }
        assert_eq!(cases, 3u64.pow(2 * (m * n) as u32));
        assert!(lower > 0 && upper > 0);
        report(
            "rank of a sum over Q",
            &format!("every pair of {m}x{n} {{-1,0,1}} matrices ({lower} lower-tight, {upper} upper-tight)"),
            cases,
        );
    }
}

#[test]
fn every_pair_over_gf_p() {
    for p in [2u64, 3] {
        let all = field_matrices(2, 2, p);
        let ranks: Vec<usize> = all.iter().map(|a| rank_p_checked(a, p)).collect();
        let mut cases = 0;
        for (a, &ra) in all.iter().zip(&ranks) {
            for (b, &rb) in all.iter().zip(&ranks) {
                let rs = rank_p_checked(&a.add(b), p);
                check(ra, rb, rs, &|| format!("GF({p}) A =\n{a}B =\n{b}"));
                cases += 1;
            }
        }
        report(
            "rank of a sum over GF(p)",
            &format!("every pair of 2x2 matrices over GF({p})"),
            cases,
        );
    }
}

#[test]
fn random_pairs_up_to_12x12() {
    let (mut lower, mut upper) = (0, 0);
    let cases = seeded("rank of a sum", 150, |_, rng| {
        let (m, n) = (rng.gen_range(1..=12), rng.gen_range(1..=12));
        let ra = rng.gen_range(0..=m.min(n));
        let a = shaped_with_rank(rng, m, n, ra, 120);
        let rb = rng.gen_range(0..=m.min(n));
        // Half the time B = C − A for C of rank rc, so that A + B = C: cancellation.
        let b: ZMatrix = if rng.gen() {
            shaped_with_rank(rng, m, n, rb, 120)
        } else {
            let rc = rng.gen_range(0..=m.min(n));
            shaped_with_rank(rng, m, n, rc, 120).add(&neg(&a))
        };
        let rb = rank_q_random(&b);
        let rs = rank_q_random(&a.add(&b));
        assert_eq!(rank_q_random(&a), ra);
        let (l, u) = check(ra, rb, rs, &|| format!("A =\n{a}B =\n{b}"));
        lower += l as u64;
        upper += u as u64;
    });
    assert!(lower > 0 && upper > 0);
    report(
        "rank of a sum over Q",
        &format!("random pairs up to 12x12, 120-bit ({lower} lower-tight, {upper} upper-tight)"),
        cases,
    );
    let cases = seeded("rank of a sum mod p", 200, |_, rng| {
        let p = [2u64, 3, 7, 1_000_003][rng.gen_range(0..4)];
        let (m, n) = (rng.gen_range(1..=12), rng.gen_range(1..=12));
        let (ka, kb) = (rng.gen_range(0..=m.min(n)), rng.gen_range(0..=m.min(n)));
        let a = random_mod_p(rng, m, n, ka, p);
        let b = random_mod_p(rng, m, n, kb, p);
        let (ra, rb, rs) = (rank_p(&a, p), rank_p(&b, p), rank_p(&a.add(&b), p));
        check(ra, rb, rs, &|| format!("GF({p}) A =\n{a}B =\n{b}"));
    });
    report(
        "rank of a sum over GF(p)",
        "random pairs, p in {2,3,7,1000003}, up to 12x12",
        cases,
    );
}
