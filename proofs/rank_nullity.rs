//! Rank–nullity: rank(A) + dim null(A) = n for A m×n, over any field.
//!
//! Why: with J the r pivot columns, the columns of A outside J are combinations of those
//! in J, which gives n − r independent kernel vectors (one per free column); and a kernel
//! vector that is zero on the free columns is zero, because A[:, J] has independent
//! columns. So dim null(A) = n − r.
//!
//! Checked here, per matrix, over Q: K = `bareiss::kernel_basis(A)` has n − r columns,
//! A·K = 0 exactly, K restricted to the free rows is diagonal with nonzero diagonal (so its
//! columns are independent and every kernel vector minus a combination of them vanishes on
//! the free columns), and det A[I, J] ≠ 0 with |J| = r (so such a vector is zero): that is
//! the proof above, instance by instance. Over GF(p) the null space is finite, so it is
//! counted outright: #{x : Ax = 0} = p^(n − rank_p A).

mod common;
use common::*;
use exrank::{bareiss, minors, ZMatrix};
use itertools::Itertools;
use rug::Integer;

/// The witnesses above for one matrix over Q; returns the nullity.
fn check_over_q(a: &ZMatrix, r: usize) -> usize {
    let n = a.cols();
    let k = bareiss::kernel_basis(a);
    assert_eq!((k.rows(), k.cols()), (n, n - r), "kernel shape on\n{a}");
    assert!(a.mul(&k).is_zero(), "A·K ≠ 0 on\n{a}");
    let pivots = minors::from_pivots(a).unwrap();
    assert_eq!(pivots.size, r);
    assert!(pivots.holds_for(a), "det A[I, J] must be nonzero");
    let free: Vec<usize> = (0..n).filter(|c| !pivots.cols.contains(c)).collect();
    assert_eq!(free.len(), n - r);
    for t in 0..free.len() {
        for (u, &g) in free.iter().enumerate() {
            assert_eq!(
                k[(g, t)] != 0,
                t == u,
                "free block of K not diagonal on\n{a}"
            );
        }
    }
    k.cols()
}

/// #{x in GF(p)^n : A x = 0}, by enumeration.
fn kernel_size_mod_p(a: &ZMatrix, p: u64) -> u64 {
    let (m, n) = (a.rows(), a.cols());
    let e: Vec<i64> = a.as_slice().iter().map(|x| x.to_i64().unwrap()).collect();
    let p = p as i64;
    (0..n)
        .map(|_| 0..p)
        .multi_cartesian_product()
        .filter(|x| (0..m).all(|i| (0..n).map(|j| e[i * n + j] * x[j]).sum::<i64>() % p == 0))
        .count() as u64
}

#[test]
fn exhaustive_over_sign_matrices() {
    let mut cases = 0;
    for (m, n) in SHAPES_UP_TO_3 {
        for a in sign_matrices(m, n) {
            let r = rank_q_checked(&a);
            assert_eq!(r + check_over_q(&a, r), n);
            cases += 1;
        }
    }
    assert_eq!(cases, 21_297);
    report(
        "rank-nullity over Q",
        "every {-1,0,1} matrix up to 3x3",
        cases,
    );
}

#[test]
fn random_big_entries_up_to_12x12() {
    let cases = seeded("rank-nullity", 150, |_, rng| {
        let (a, r) = random_with_rank(rng, 12, 150);
        assert_eq!(rank_q_random(&a), r);
        assert_eq!(r + check_over_q(&a, r), a.cols());
        // The kernel's columns are independent: rank K = n − r, by Bareiss on K.
        assert_eq!(rank_q(&bareiss::kernel_basis(&a)), a.cols() - r);
    });
    report(
        "rank-nullity over Q",
        "random rank-r, up to 12x12, 150-bit",
        cases,
    );
}

#[test]
fn over_gf_p_by_counting_the_kernel() {
    let mut cases = 0;
    for (p, shapes) in [
        (2u64, vec![(2, 2), (2, 3), (3, 2), (3, 3)]),
        (3, vec![(2, 2), (2, 3), (3, 2)]),
        (5, vec![(2, 2)]),
    ] {
        for (m, n) in shapes {
            for a in field_matrices(m, n, p) {
                let r = rank_p_checked(&a, p);
                assert_eq!(
                    kernel_size_mod_p(&a, p),
                    p.pow((n - r) as u32),
                    "p {p}\n{a}"
                );
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 16 + 64 + 64 + 512 + 81 + 729 + 729 + 625);
    report(
        "rank-nullity over GF(p)",
        "every matrix: GF(2) to 3x3, GF(3) to 2x3/3x2, GF(5) 2x2",
        cases,
    );
    let random = seeded("rank-nullity mod p", 200, |_, rng| {
        use rand::Rng;
        let p = [2u64, 3, 5, 7][rng.gen_range(0..4)];
        let n = rng.gen_range(1..=if p == 2 { 10 } else { 5 });
        let m = rng.gen_range(1..=8);
        let r_max = rng.gen_range(0..=m.min(n));
        let a = random_mod_p(rng, m, n, r_max, p);
        let r = rank_p(&a, p);
        assert_eq!(
            kernel_size_mod_p(&a, p),
            p.pow((n - r) as u32),
            "p {p}\n{a}"
        );
    });
    report(
        "rank-nullity over GF(p)",
        "random, p in {2,3,5,7}, up to 8x10",
        random,
    );
}

#[test]
fn the_seed_example() {
    // rank 2 + nullity 2 = 4 for the 4×4 matrix of 1..16.
    let a = ZMatrix::from_fn(4, 4, |i, j| Integer::from(4 * j + i + 1));
    assert_eq!(check_over_q(&a, rank_q_checked(&a)), 2);
}
