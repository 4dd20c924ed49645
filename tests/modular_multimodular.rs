//! Exact rank over Q from several primes, checked against Bareiss (an independent method)
//! on every rank of the known-rank generator and on matrices built so that the rank drops
//! modulo the very primes the engine uses first.

use exrank::matrix::gen::{randrank, uniform};
use exrank::modular::multimodular::{rank_over_q, Goal, Options, UpperBound};
use exrank::modular::prime_stream::DescendingPrimes;
use exrank::modular::{gfp, ModElimination, SmallEntries};
use exrank::{bareiss, Certainty, ZMatrix};
use rug::Integer;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The witness pivots must give a minor that is nonzero over Z (checked by Bareiss).
fn check(a: &ZMatrix, opts: &Options) -> exrank::modular::MultimodularRank {
    let want = bareiss::eliminate(a);
    let got = rank_over_q(a, opts);
    assert_eq!(got.rank, want.rank, "shape {}x{}", a.rows(), a.cols());
    assert_eq!(got.pivot_rows.len(), got.rank);
    assert_eq!(got.pivot_cols.len(), got.rank);
    let minor = bareiss::det(&a.submatrix(&got.pivot_rows, &got.pivot_cols));
    assert_ne!(minor, 0, "witness minor must be nonzero");
    assert!(
        got.ranks.iter().all(|&(_, r)| r <= got.rank),
        "max over primes"
    );
    if matches!(opts.goal, Goal::Certified) {
        assert_eq!(got.certainty(), Certainty::Certified);
        if let UpperBound::Primes { bound_sq } = &got.upper_bound {
            // Every prime counted has rank ≤ r, and their product beats the bound.
            let product: Integer = got.ranks.iter().map(|&(p, _)| Integer::from(p)).product();
            assert!(Integer::from(product.square_ref()) > *bound_sq);
        }
    }
    got
}

fn first_primes(k: usize) -> Vec<i64> {
    DescendingPrimes::new().take(k).map(|p| p as i64).collect()
}

#[test]
fn every_rank_of_randrank_small_and_big_entries() {
    let shapes = [
        (0, 0),
        (0, 4),
        (4, 0),
        (1, 1),
        (1, 6),
        (6, 1),
        (5, 5),
        (9, 4),
        (4, 9),
        (17, 17),
        (25, 12),
    ];
    for (s, &(m, n)) in shapes.iter().enumerate() {
        for r in 0..=m.min(n) {
            for bits in [3, 70] {
                let a = randrank(
                    m,
                    n,
                    r,
                    bits,
                    3 * (m + n),
                    (s * 100 + r) as u64 + bits as u64,
                );
                let got = check(&a, &Options::default());
                if r == m.min(n) {
                    assert_eq!(got.upper_bound, UpperBound::FullRank);
                }
            }
        }
    }
}

#[test]
fn rank_deficient_products_match_bareiss() {
    for (seed, &(m, n, r)) in [(40, 40, 20), (60, 30, 29), (30, 70, 1), (50, 50, 0)]
        .iter()
        .enumerate()
    {
        let a = uniform(m, r, 9, seed as u64).mul(&uniform(r, n, 9, 50 + seed as u64));
        let got = check(&a, &Options::default());
        assert!(matches!(got.upper_bound, UpperBound::Primes { .. }));
        // The pivot columns are the rational column rank profile here.
        assert_eq!(got.pivot_cols, bareiss::eliminate(&a).pivot_cols);
    }
}

#[test]
fn unlucky_first_prime_diagonal_is_detected() {
    // diag(p1, 1, 1, 1): rank 3 mod p1, rank 4 over Q.
    let p1 = first_primes(1)[0];
    let a = ZMatrix::from_fn(4, 4, |i, j| {
        Integer::from(if i != j {
            0
        } else if i == 0 {
            p1
        } else {
            1
        })
    });
    let got = check(&a, &Options::default());
    assert!(
        got.ranks.contains(&(p1 as u64, 3)),
        "the unlucky prime was eliminated and outvoted"
    );
    assert_eq!(got.rank, 4);
}

#[test]
fn unlucky_first_primes_on_a_rank_deficient_matrix() {
    // Rank 3 over Q, 4 columns, but the third row is p1·p2·p3·(a row): modulo each of the
    // first three primes the rank is 2, so the engine must keep going and take the max.
    let ps = first_primes(3);
    let k = Integer::from(ps[0]) * ps[1] * ps[2];
    let base = [[1, 2, 3, 4], [2, 3, 5, 7], [1, 0, 1, 0]];
    let a = ZMatrix::from_fn(5, 4, |i, j| match i {
        0 | 1 => Integer::from(base[i][j]),
        2 => Integer::from(&k * base[2][j]),
        3 => Integer::from(base[0][j] + base[1][j]),
        _ => Integer::from(3 * base[0][j] - base[1][j]),
    });
    let got = check(&a, &Options::default());
    assert_eq!(got.rank, 3);
    for &p in &ps {
        let e = gfp::rank_mod_p(&a, p as u64);
        assert_eq!(e.rank, 2, "built to be unlucky mod {p}");
    }
    assert!(got.ranks.iter().any(|&(_, r)| r == 2));
    assert!(matches!(got.upper_bound, UpperBound::Primes { .. }));
}

#[test]
fn every_entry_a_multiple_of_the_first_primes() {
    // p1·p2·A has rank 0 modulo p1 and p2 but the rank of A over Q.
    let ps = first_primes(2);
    let a0 = randrank(12, 15, 7, 5, 80, 9);
    let k = Integer::from(ps[0]) * ps[1];
    let a = ZMatrix::from_fn(12, 15, |i, j| Integer::from(&a0[(i, j)] * &k));
    let got = check(&a, &Options::default());
    assert_eq!(got.rank, 7);
    assert!(got.ranks.contains(&(ps[0] as u64, 0)) && got.ranks.contains(&(ps[1] as u64, 0)));
}

#[test]
fn probabilistic_agrees_and_bounds_its_error() {
    for seed in 0..4 {
        let a = randrank(30, 25, 11, 8, 200, seed);
        let opts = Options {
            goal: Goal::Probabilistic { primes: 3 },
            seed: Some(seed),
            ..Default::default()
        };
        let got = check(&a, &opts);
        let Certainty::Probabilistic {
            error_bound,
            argument,
        } = got.certainty()
        else {
            panic!("rank-deficient probabilistic answers are not certified");
        };
        assert!(error_bound < 1e-9, "{error_bound}");
        assert!(argument.contains("268216"));
        assert!(got.ranks.iter().filter(|&&(_, r)| r == 11).count() >= 3);
    }
    // Full rank from a single prime is certified even when asked for less.
    let opts = Options {
        goal: Goal::Probabilistic { primes: 2 },
        seed: Some(1),
        ..Default::default()
    };
    assert_eq!(
        check(&ZMatrix::identity(5), &opts).certainty(),
        Certainty::Certified
    );
}

static KERNEL_CALLS: AtomicUsize = AtomicUsize::new(0);

fn refuse(_: &SmallEntries, _: &ModElimination) -> bool {
    KERNEL_CALLS.fetch_add(1, Ordering::SeqCst);
    false
}

/// A stand-in for route (a) that really proves the bound: the Bareiss rank equals r.
fn bareiss_says_so(a: &SmallEntries, e: &ModElimination) -> bool {
    bareiss::rank(a.matrix()) == e.rank
}

#[test]
fn kernel_route_plugs_in_and_falls_back() {
    let a = uniform(20, 6, 5, 3).mul(&uniform(6, 20, 5, 4));
    let before = KERNEL_CALLS.load(Ordering::SeqCst);
    let got = check(
        &a,
        &Options {
            kernel_check: Some(refuse),
            ..Default::default()
        },
    );
    assert_eq!(KERNEL_CALLS.load(Ordering::SeqCst), before + 1);
    assert!(matches!(got.upper_bound, UpperBound::Primes { .. }));
    let got = check(
        &a,
        &Options {
            kernel_check: Some(bareiss_says_so),
            ..Default::default()
        },
    );
    assert_eq!((got.upper_bound, got.ranks.len()), (UpperBound::Kernel, 1));
}

#[test]
fn dispatcher_uses_modular_above_the_crossover_and_agrees() {
    use exrank::{rank_with, CertaintyGoal, Method, RankParams};
    let a = randrank(20, 20, 13, 6, 150, 5);
    let auto = rank_with(&a, &RankParams::default()).unwrap();
    assert_eq!((auto.rank, auto.method), (13, Method::Modular));
    let small = randrank(4, 4, 2, 6, 20, 5);
    assert_eq!(
        rank_with(&small, &RankParams::default()).unwrap().method,
        Method::Bareiss
    );
    let params = RankParams {
        certainty: CertaintyGoal::Probabilistic { primes: 2 },
        threads: Some(1),
        ..Default::default()
    };
    let pr = rank_with(&a, &params).unwrap();
    assert_eq!((pr.rank, pr.certainty.label()), (13, "probabilistic"));
}

/// Larger sweep (every rank of 60×60, 90×40 and 40×90, small and 200-bit entries);
/// about 20 s, so only with `EXRANK_HEAVY=1`.
#[test]
fn heavy_every_rank_larger_shapes() {
    if std::env::var("EXRANK_HEAVY").as_deref() != Ok("1") {
        return;
    }
    for (s, &(m, n)) in [(60, 60), (90, 40), (40, 90)].iter().enumerate() {
        for r in 0..=m.min(n) {
            for bits in [4, 200] {
                let a = randrank(
                    m,
                    n,
                    r,
                    bits,
                    2 * (m + n),
                    (s * 1000 + r) as u64 * 7 + bits as u64,
                );
                check(&a, &Options::default());
            }
        }
    }
}
