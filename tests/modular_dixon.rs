//! Route (a) of the rank upper bound — an integer kernel basis by Dixon lifting, checked
//! exactly — against Bareiss (an independent method), and against lies: an elimination
//! that claims less than the true rank must never be "proved".

use exrank::matrix::gen::{randops, randrank};
use exrank::modular::dixon::{dixon_is_cheaper, kernel_basis, kernel_check};
use exrank::modular::multimodular::{rank_over_q, Options, UpperBound};
use exrank::modular::prime_stream::DescendingPrimes;
use exrank::modular::{rank_mod_p, ModElimination, SmallEntries};
use exrank::{bareiss, Certainty, ZMatrix};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rug::Integer;

const P: u64 = 8_388_593;

/// The check accepts, the basis has n − r independent columns (−d on its own free column,
/// 0 on the others) with A·K = 0 recomputed by `ZMatrix::mul`, and r is Bareiss's rank.
fn accepts(a: &ZMatrix) {
    accepts_mod(a, P);
}

fn accepts_mod(a: &ZMatrix, p: u64) {
    let e = rank_mod_p(a, p);
    assert_eq!(e.rank, bareiss::rank(a), "{}x{}", a.rows(), a.cols());
    assert!(
        kernel_check(&SmallEntries::new(a), &e),
        "{}x{} rank {}",
        a.rows(),
        a.cols(),
        e.rank
    );
    let k = kernel_basis(a, &e).expect("accepted above");
    assert_eq!((k.rows(), k.cols()), (a.cols(), a.cols() - e.rank));
    assert!(a.mul(&k).is_zero());
    let free: Vec<usize> = (0..a.cols())
        .filter(|j| !e.pivot_cols.contains(j))
        .collect();
    for c in 0..free.len() {
        for (c2, &f2) in free.iter().enumerate() {
            let x = &k[(f2, c)];
            assert!(if c == c2 { *x < 0 } else { *x == 0 });
        }
    }
}

/// The same elimination with its last pivot dropped: a claim of rank r − 1.
fn drop_last_pivot(e: &ModElimination, which_row: usize) -> ModElimination {
    let mut lie = e.clone();
    lie.rank -= 1;
    lie.pivot_rows.remove(which_row % e.rank);
    lie.pivot_cols.pop();
    lie
}

#[test]
fn accepts_true_ranks_small_entries() {
    for (m, n, r, seed) in [
        (40, 40, 39, 1),
        (40, 40, 38, 2),
        (40, 40, 20, 3),
        (30, 50, 29, 4),
        (50, 30, 29, 5),
        (50, 30, 15, 6),
        (60, 60, 40, 7), // 20 free columns: the wide (matrix product) lifting
        (12, 12, 0, 8),
        (1, 5, 1, 9),
    ] {
        accepts(&randrank(m, n, r, 8, 4 * (m + n), seed));
    }
}

#[test]
fn accepts_true_ranks_70_bit_entries() {
    for (m, n, r, seed) in [(25, 25, 24, 11), (25, 25, 12, 12), (20, 30, 19, 13)] {
        let a = randrank(m, n, r, 70, 2 * (m + n), seed);
        assert!(a.max_bits() >= 70);
        accepts(&a);
    }
}

#[test]
fn never_proves_a_rank_below_the_truth() {
    for (m, n, r, bits, seed) in [
        (30, 30, 29, 8, 21),
        (30, 30, 15, 8, 22),
        (20, 35, 20, 8, 23),
        (20, 20, 19, 70, 24),
    ] {
        let a = randrank(m, n, r, bits, 3 * (m + n), seed);
        let e = rank_mod_p(&a, P);
        assert_eq!(e.rank, r);
        for which in [0, r / 2, r - 1] {
            assert!(!kernel_check(
                &SmallEntries::new(&a),
                &drop_last_pivot(&e, which)
            ));
        }
        // A pivot column swapped for a free one, rank still r: whatever it answers must
        // then be backed by a basis (rank ≤ r is true here, so either answer is honest).
        let mut swapped = e.clone();
        if let Some(f) = (0..n).find(|j| !e.pivot_cols.contains(j)) {
            swapped.pivot_cols[0] = f;
            swapped.pivot_cols.sort_unstable();
            swapped.pivot_cols.dedup();
            if swapped.pivot_cols.len() == r && kernel_check(&SmallEntries::new(&a), &swapped) {
                let k = kernel_basis(&a, &swapped).unwrap();
                assert!(a.mul(&k).is_zero());
            }
        }
    }
}

/// A = L·diag(p, d₂, …)·R with unimodular L, R: rank r over Q, r − 1 modulo p. The
/// elimination mod p is honest about GF(p), and the check must still refuse it.
#[test]
fn refuses_pivots_of_an_unlucky_prime() {
    for (n, r, seed) in [(20, 20, 31), (20, 12, 32), (15, 14, 33)] {
        let mut a = ZMatrix::zeros(n, n);
        a[(0, 0)] = Integer::from(P);
        for i in 1..r {
            a[(i, i)] = Integer::from(i as i64 + 2);
        }
        randops(&mut a, 6 * n, &mut ChaCha8Rng::seed_from_u64(seed));
        let e = rank_mod_p(&a, P);
        assert_eq!((bareiss::rank(&a), e.rank), (r, r - 1));
        assert!(!kernel_check(&SmallEntries::new(&a), &e));
        // The honest elimination from another prime is accepted.
        let q = DescendingPrimes::new().find(|&q| q != P).unwrap();
        accepts_mod(&a, q);
    }
}

#[test]
fn rank_over_q_with_the_hook_is_certified_and_equals_bareiss() {
    for (m, n, r, bits, seed) in [
        (40, 40, 39, 8, 41),
        (30, 45, 28, 70, 42),
        (45, 30, 15, 8, 43),
    ] {
        let a = randrank(m, n, r, bits, 3 * (m + n), seed);
        let opts = Options {
            kernel_check: Some(kernel_check),
            ..Default::default()
        };
        let got = rank_over_q(&a, &opts);
        assert_eq!(got.rank, bareiss::rank(&a));
        assert_eq!(got.upper_bound, UpperBound::Kernel);
        assert_eq!(got.certainty(), Certainty::Certified);
        // The default dispatcher (which asks the cost model first) agrees.
        let d = exrank::rank(&a);
        assert_eq!((d.rank, d.certainty), (got.rank, Certainty::Certified));
    }
}

#[test]
fn cost_model_prefers_lifting_for_few_free_columns_only() {
    let a = randrank(80, 80, 79, 8, 300, 51);
    assert!(dixon_is_cheaper(&a, 79));
    // Half the columns free: the Hadamard primes are cheaper (measured: 10x at 400x400).
    let b = randrank(80, 80, 40, 8, 300, 52);
    assert!(!dixon_is_cheaper(&b, 40));
    // Full rank: nothing to prove, nothing to lift.
    assert!(!dixon_is_cheaper(&a, 80));
    let z = ZMatrix::zeros(4, 4);
    assert!(!dixon_is_cheaper(&z, 0));
}

// ---- Early termination (output-sensitive lifting with a p-adic bound proof) ----

/// Kernel against Bareiss on random matrices of many shapes, ranks and entry sizes: the
/// honest elimination is accepted with A·K = 0 (recomputed by `ZMatrix::mul`), and every
/// claim one below the truth is refused. Covers the narrow (< 4 free columns) and wide
/// liftings, and solutions far smaller than Hadamard's bound (where lifting stops early).
#[test]
fn kernel_agrees_with_bareiss_across_shapes() {
    let mut seed = 300;
    for (m, n) in [
        (8, 8),
        (15, 15),
        (12, 20),
        (20, 12),
        (33, 33),
        (45, 50),
        (50, 45),
    ] {
        for r in [1, n.min(m) / 2, n.min(m) - 2, n.min(m) - 1] {
            for bits in [4, 40] {
                seed += 1;
                let a = randrank(m, n, r, bits, 2 * (m + n), seed);
                let e = rank_mod_p(&a, P);
                assert_eq!(e.rank, bareiss::rank(&a), "{m}x{n} r={r}");
                let k = kernel_basis(&a, &e).unwrap_or_else(|| panic!("{m}x{n} r={r} b={bits}"));
                assert_eq!((k.rows(), k.cols()), (n, n - r));
                assert!(a.mul(&k).is_zero());
                assert!(!kernel_check(
                    &SmallEntries::new(&a),
                    &drop_last_pivot(&e, seed as usize)
                ));
            }
        }
    }
}

/// A kernel vector with one entry far beyond the others: y = (1 + 5·p⁴, small, …). The
/// digits agree with a small wrong solution for four steps, so the first checkpoint does
/// reconstruct a wrong candidate; only the true vector may come out.
#[test]
fn huge_solution_entries_are_not_cut_short() {
    let n = 12;
    let b = randrank(n, n, n, 6, 4 * n, 77);
    let huge = Integer::from(Integer::u_pow_u(P as u32, 4)) * 5u32 + 1u32;
    let y: Vec<Integer> = (0..n)
        .map(|j| {
            if j == 3 {
                huge.clone()
            } else {
                Integer::from(j as i64 - 4)
            }
        })
        .collect();
    let a = ZMatrix::from_fn(n, n + 1, |i, j| {
        if j < n {
            b[(i, j)].clone()
        } else {
            (0..n).map(|t| Integer::from(&b[(i, t)] * &y[t])).sum()
        }
    });
    let e = rank_mod_p(&a, P);
    assert_eq!(e.rank, n);
    let k = kernel_basis(&a, &e).expect("rank n is true");
    assert!(a.mul(&k).is_zero());
    // The kernel is one-dimensional, so the basis vector is a multiple of (y, −1).
    let d = -k[(n, 0)].clone();
    for j in 0..n {
        assert_eq!(k[(j, 0)], Integer::from(&y[j] * &d));
    }
}

/// Lying eliminations on inputs big enough for early termination: wrong rank, a pivot
/// row swapped for a dependent one, a composite modulus. Nothing false is proved.
#[test]
fn lying_eliminations_prove_nothing_false() {
    let a = randrank(90, 90, 88, 8, 400, 91);
    let e = rank_mod_p(&a, P);
    assert_eq!(e.rank, 88);
    for which in [0, 40, 87] {
        assert!(!kernel_check(
            &SmallEntries::new(&a),
            &drop_last_pivot(&e, which)
        ));
    }
    let mut composite = drop_last_pivot(&e, 5);
    composite.p = (1 << 23) - 1; // 47 · 178481
    assert!(!kernel_check(&SmallEntries::new(&a), &composite));
    // A non-pivot row in place of a pivot row: B may be singular, rank still 88 (true),
    // so an answer is allowed only with a genuine kernel.
    let mut swapped = e.clone();
    if let Some(i) = (0..90).find(|i| !e.pivot_rows.contains(i)) {
        swapped.pivot_rows[10] = i;
        swapped.pivot_rows.sort_unstable();
        if let Some(k) = kernel_basis(&a, &swapped) {
            assert!(a.mul(&k).is_zero());
            assert_eq!(k.cols(), 2);
        }
    }
}
