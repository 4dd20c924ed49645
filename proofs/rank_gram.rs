//! rank(AᵀA) = rank(A) over Q (and over R); it FAILS over GF(p).
//!
//! Why over Q: Ax = 0 ⇒ AᵀAx = 0, and AᵀAx = 0 ⇒ 0 = xᵀAᵀAx = |Ax|² ⇒ Ax = 0, so A and AᵀA
//! have the same null space and, by rank–nullity, the same rank. The step |Ax|² = 0 ⇒
//! Ax = 0 uses that a sum of squares of rationals vanishes only when each does. Over GF(p)
//! a nonzero vector can be isotropic (x·x = 0, e.g. (1, 1) over GF(2)), and then the
//! relation breaks: only rank(AᵀA) ≤ rank(A) survives (the product bound).
//!
//! Checked: every {−1,0,1} matrix up to 3×3 (3×4 and 4×3 with EXRANK_HEAVY=1), both AᵀA
//! and AAᵀ; random matrices of prescribed rank up to 12×12 with big entries; over GF(p)
//! the search for the smallest counterexample (fewest entries, then fewest rows, then
//! lexicographically first entries) for p = 2, 3, 5, 7, and the count of counterexamples
//! among all 2×2, 3×2 (and 3×3 over GF(2)) matrices over GF(2) and GF(3) — zero exactly when
//! the space has no nonzero isotropic vector (GF(3)², where −1 is not a square).

mod common;
use common::*;
use exrank::ZMatrix;

#[test]
fn exhaustive_over_sign_matrices() {
    let mut shapes = SHAPES_UP_TO_3.to_vec();
    if heavy() {
        shapes.extend([(3, 4), (4, 3)]);
    }
    let mut cases = 0;
    for (m, n) in shapes {
        for a in sign_matrices(m, n) {
            let at = a.transpose();
            let r = rank_q_checked(&a);
            assert_eq!(rank_q_checked(&at.mul(&a)), r, "AᵀA on\n{a}");
            assert_eq!(rank_q_checked(&a.mul(&at)), r, "AAᵀ on\n{a}");
            cases += 1;
        }
    }
    report(
        "rank(AᵀA) = rank(AAᵀ) = rank(A) over Q",
        if heavy() {
            "every {-1,0,1} matrix up to 3x3, plus 3x4 and 4x3"
        } else {
            "every {-1,0,1} matrix up to 3x3"
        },
        cases,
    );
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("rank of AᵀA", 150, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 150);
        let at = a.transpose();
        assert_eq!(rank_q_random(&at.mul(&a)), r);
        assert_eq!(rank_q_random(&a.mul(&at)), r);
    });
    report(
        "rank(AᵀA) = rank(AAᵀ) = rank(A) over Q",
        "random rank-r, up to 12x12, 150-bit",
        cases,
    );
}

/// The first A over GF(p) with rank_p(AᵀA) ≠ rank_p(A), in the order (entries, rows, lex).
fn smallest_counterexample(p: u64) -> ZMatrix {
    for size in 1..=4usize {
        for m in 1..=size {
            if size % m != 0 {
                continue;
            }
            let n = size / m;
            for a in field_matrices(m, n, p) {
                let g = a.transpose().mul(&a);
                let (ra, rg) = (rank_p_checked(&a, p), rank_p_checked(&g, p));
                assert!(rg <= ra, "the product bound holds over every field");
                if rg != ra {
                    return a;
                }
            }
        }
    }
    panic!("no counterexample with at most 4 entries over GF({p})");
}

#[test]
fn fails_over_gf_p_smallest_counterexamples() {
    // Found by the search, pinned here; each is a column x with x·x = 0 mod p, so AᵀA = 0.
    let expected: [(u64, (usize, usize), &[i64]); 4] = [
        (2, (2, 1), &[1, 1]),    // 1 + 1 = 2 = 0; the seed's [1 1]·[1 1]ᵀ = 0
        (3, (3, 1), &[1, 1, 1]), // no 2×1 works: −1 is not a square mod 3
        (5, (2, 1), &[1, 2]),    // 1 + 4 = 5 = 0: −1 = 2² mod 5
        (7, (3, 1), &[1, 2, 3]), // 1 + 4 + 9 = 14 = 0; −1 is not a square mod 7
    ];
    for (p, shape, entries) in expected {
        let a = smallest_counterexample(p);
        let g = reduce(&a.transpose().mul(&a), p);
        let flat: Vec<i64> = a.as_slice().iter().map(|x| x.to_i64().unwrap()).collect();
        println!(
            "[proof] rank(AᵀA) = rank(A) fails over GF({p}): smallest A is {}x{} with entries \
             {flat:?}; rank A = {}, AᵀA = {} (mod {p}), rank AᵀA = {}",
            a.rows(),
            a.cols(),
            rank_p(&a, p),
            g.as_slice()[0],
            rank_p(&g, p),
        );
        assert_eq!(((a.rows(), a.cols()), flat.as_slice()), (shape, entries));
        // Over Q the same matrix is fine: x·x > 0.
        assert_eq!(rank_q_checked(&a.transpose().mul(&a)), rank_q_checked(&a));
    }
}

#[test]
fn how_often_it_fails_over_gf_p() {
    for (p, m, n) in [(2u64, 2, 2), (2, 3, 2), (2, 3, 3), (3, 2, 2), (3, 3, 2)] {
        let (mut total, mut fail_ata, mut fail_aat) = (0, 0, 0);
        for a in field_matrices(m, n, p) {
            let at = a.transpose();
            let r = rank_p_checked(&a, p);
            let (rg, rh) = (rank_p(&at.mul(&a), p), rank_p(&a.mul(&at), p));
            assert!(
                rg <= r && rh <= r,
                "the product bound holds over every field"
            );
            fail_ata += (rg != r) as u64;
            fail_aat += (rh != r) as u64;
            total += 1;
        }
        // The proof over Q only needs x·x ≠ 0 for nonzero x in the space the columns
        // (for AᵀA) or rows (for AAᵀ) live in. GF(2)^k has isotropic vectors from k = 2,
        // GF(3)^k only from k = 3 (−1 is not a square mod 3): failures appear exactly then.
        let isotropic = |k: usize| k >= if p == 2 { 2 } else { 3 };
        assert_eq!(fail_ata > 0, isotropic(m), "AᵀA over GF({p}), {m}x{n}");
        assert_eq!(fail_aat > 0, isotropic(n), "AAᵀ over GF({p}), {m}x{n}");
        report(
            "rank(AᵀA) = rank(A) over GF(p)",
            &format!("every {m}x{n} matrix over GF({p}): fails for {fail_ata} (AᵀA) and {fail_aat} (AAᵀ)"),
            total,
        );
    }
}
