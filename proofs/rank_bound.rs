//! Rank bound: rank(A) ≤ min(m, n) for A m×n, over any field.
//!
//! Why: the rank is the number of independent columns (at most n) and, by rank(Aᵀ) =
//! rank(A), the number of independent rows (at most m). Equivalently, a k×k minor needs k
//! rows and k columns.
//!
//! Checked: every {−1,0,1} matrix up to 3×3 and every matrix over GF(2) and GF(3) up to
//! 3×3 / 2×3, with the number of matrices of each rank compared against independent
//! counts — over GF(q) the closed formula ∏_{i<r} (q^m − q^i)(q^n − q^i)/(q^r − q^i), over Q
//! the number of singular 3×3 {−1,0,1} matrices, 7875 (OEIS A057981) — so the bound is
//! also shown to be attained; and random big matrices of prescribed rank up to 12×12.

mod common;
use common::*;
use rand::Rng;

/// The number of m×n matrices of rank r over GF(q).
fn count_of_rank(m: u32, n: u32, r: u32, q: u64) -> u64 {
    let mut num = 1u128;
    let mut den = 1u128;
    let q = q as u128;
    for i in 0..r {
        num *= (q.pow(m) - q.pow(i)) * (q.pow(n) - q.pow(i));
        den *= q.pow(r) - q.pow(i);
    }
    (num / den) as u64
}

#[test]
fn exhaustive_over_sign_matrices() {
    let mut cases = 0;
    for (m, n) in SHAPES_UP_TO_3 {
        let mut by_rank = [0u64; 4];
        for a in sign_matrices(m, n) {
            let r = rank_q_checked(&a);
            assert!(r <= m.min(n));
            by_rank[r] += 1;
            cases += 1;
        }
        assert!(by_rank[m.min(n)] > 0, "the bound is attained for {m}x{n}");
        if (m, n) == (3, 3) {
            assert_eq!(by_rank[..3].iter().sum::<u64>(), 7875, "OEIS A057981");
        }
        if (m, n) == (2, 2) {
            assert_eq!(by_rank[..2].iter().sum::<u64>(), 33, "OEIS A057981");
        }
    }
    assert_eq!(cases, 21_297);
    report(
        "rank <= min(m,n) over Q",
        "every {-1,0,1} matrix up to 3x3",
        cases,
    );
}

#[test]
fn exhaustive_over_gf_p_with_the_counting_formula() {
    let mut cases = 0;
    for (p, shapes) in [
        (2u64, vec![(1, 3), (2, 2), (2, 3), (3, 2), (3, 3)]),
        (3, vec![(2, 2), (2, 3), (3, 2)]),
    ] {
        for (m, n) in shapes {
            let mut by_rank = [0u64; 4];
            for a in field_matrices(m, n, p) {
                let r = rank_p_checked(&a, p);
                assert!(r <= m.min(n));
                by_rank[r] += 1;
                cases += 1;
            }
            for (r, &count) in by_rank.iter().enumerate().take(m.min(n) + 1) {
                assert_eq!(
                    count,
                    count_of_rank(m as u32, n as u32, r as u32, p),
                    "{m}x{n} rank {r} over GF({p})"
                );
            }
        }
    }
    assert_eq!(cases, 8 + 16 + 64 + 64 + 512 + 81 + 729 + 729);
    report(
        "rank <= min(m,n) over GF(p)",
        "every matrix: GF(2) to 3x3, GF(3) to 2x3/3x2",
        cases,
    );
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("rank bound", 200, |_, rng| {
        let (m, n) = (rng.gen_range(1..=12), rng.gen_range(1..=12));
        // Full rank is the extreme case: the bound is attained.
        let r = m.min(n) - rng.gen_range(0..=1).min(m.min(n));
        let a = shaped_with_rank(rng, m, n, r, 200);
        assert_eq!(rank_q_random(&a), r);
        assert!(r <= m.min(n));
        let p = [2u64, 3, 65_537][rng.gen_range(0..3)];
        assert!(
            rank_p(&a, p) <= r.min(m.min(n)),
            "rank mod p never exceeds rank over Q"
        );
    });
    report(
        "rank <= min(m,n)",
        "random rank min(m,n) or one less, up to 12x12, 200-bit",
        cases,
    );
}
