//! Row rank = column rank: rank(Aᵀ) = rank(A), over any field.
//!
//! Why: a nonzero k×k minor of A is a nonzero k×k minor of Aᵀ (det Mᵀ = det M), so the
//! largest nonzero minors have the same size; equivalently (the seed's proof over Q)
//! rank A = rank AᵀA ≤ rank Aᵀ and symmetrically. Checked on the ranks as the algorithms
//! compute them, which see rows and columns differently: Bareiss pivots on columns.
//!
//! Checked: every {−1,0,1} matrix up to 3×3 (3×4 too with EXRANK_HEAVY=1); every matrix
//! over GF(2) up to 3×3 and over GF(3) up to 2×3 / 3×2; random matrices of prescribed rank
//! up to 12×12 with big entries, and random rectangular matrices mod p.

mod common;
use common::*;
use exrank::minors::lexicographic::{column_rank_profile, row_rank_profile};
use rand::Rng;

#[test]
fn exhaustive_over_sign_matrices() {
    let mut shapes = SHAPES_UP_TO_3.to_vec();
    if heavy() {
        shapes.push((3, 4));
    }
    let mut cases = 0;
    for (m, n) in shapes {
        for a in sign_matrices(m, n) {
            let r = rank_q_checked(&a);
            assert_eq!(rank_q_checked(&a.transpose()), r, "on\n{a}");
            assert_eq!(
                (row_rank_profile(&a).len(), column_rank_profile(&a).len()),
                (r, r)
            );
            cases += 1;
        }
    }
    report(
        "rank(Aᵀ) = rank(A) over Q",
        if heavy() {
            "every {-1,0,1} matrix up to 3x3, plus 3x4"
        } else {
            "every {-1,0,1} matrix up to 3x3"
        },
        cases,
    );
}

#[test]
fn exhaustive_over_gf_p() {
    let mut cases = 0;
    for (p, shapes) in [
        (2u64, vec![(2, 2), (2, 3), (3, 2), (3, 3)]),
        (3, vec![(2, 2), (2, 3), (3, 2)]),
    ] {
        for (m, n) in shapes {
            for a in field_matrices(m, n, p) {
                assert_eq!(
                    rank_p_checked(&a.transpose(), p),
                    rank_p_checked(&a, p),
                    "GF({p})\n{a}"
                );
                cases += 1;
            }
        }
    }
    report(
        "rank(Aᵀ) = rank(A) over GF(p)",
        "every matrix: GF(2) to 3x3, GF(3) to 2x3/3x2",
        cases,
    );
}

#[test]
fn random_up_to_12x12() {
    let cases = seeded("rank of the transpose", 200, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 200);
        assert_eq!(rank_q_random(&a.transpose()), r);
        assert_eq!(row_rank_profile(&a).len(), r);
    });
    report(
        "rank(Aᵀ) = rank(A) over Q",
        "random rank-r, up to 12x12, 200-bit",
        cases,
    );
    let cases = seeded("rank of the transpose mod p", 200, |_, rng| {
        let p = [2u64, 3, 7, 1_000_003][rng.gen_range(0..4)];
        let (m, n) = (rng.gen_range(1..=12), rng.gen_range(1..=12));
        let k = rng.gen_range(0..=m.min(n));
        let a = random_mod_p(rng, m, n, k, p);
        assert_eq!(rank_p(&a.transpose(), p), rank_p(&a, p), "GF({p})\n{a}");
    });
    report(
        "rank(Aᵀ) = rank(A) over GF(p)",
        "random up to 12x12, p in {2,3,7,1000003}",
        cases,
    );
}
