//! Three independent routes to the rank must agree on every tiny matrix: Bareiss
//! elimination, the minors module's fast route (pivots re-checked by its own determinant),
//! and the exhaustive search of the definition. The lexicographic and max-abs routes are
//! checked against the exhaustive search and against a naive Laplace determinant here.

use exrank::minors::{self, exhaustive, max_abs, LexOrder};
use exrank::{bareiss, matrix::gen, ZMatrix};
use itertools::Itertools;
use rug::Integer;

/// Every m×n matrix with entries in `values`, in a fixed order.
fn all_matrices(m: usize, n: usize, values: &[i64]) -> impl Iterator<Item = ZMatrix> + '_ {
    (0..m * n)
        .map(|_| values.iter().copied())
        .multi_cartesian_product()
        .map(move |v| ZMatrix::from_vec(m, n, v.into_iter().map(Integer::from).collect()))
}

/// Laplace expansion along the first row (test-local, the textbook definition).
fn laplace(a: &ZMatrix) -> Integer {
    let n = a.rows();
    if n == 0 {
        return Integer::from(1);
    }
    let rows: Vec<usize> = (1..n).collect();
    (0..n)
        .map(|j| {
            let cols: Vec<usize> = (0..n).filter(|&c| c != j).collect();
            let t = &a[(0, j)] * laplace(&a.submatrix(&rows, &cols));
            if j % 2 == 0 {
                t
            } else {
                -t
            }
        })
        .sum()
}

/// All routes on one matrix; returns the agreed rank.
fn check_all_routes(a: &ZMatrix, with_max_abs: bool) -> usize {
    let r = bareiss::rank(a);
    let fast = minors::from_pivots(a).unwrap();
    assert_eq!(fast.size, r, "pivots vs bareiss on\n{a}");
    assert!(fast.holds_for(a));
    assert_eq!(laplace(&a.submatrix(&fast.rows, &fast.cols)), fast.value);
    for order in [LexOrder::Rows, LexOrder::Cols] {
        let ex = exhaustive::largest_nonzero(a, order, u64::MAX).unwrap();
        assert_eq!(ex.minor.size, r, "exhaustive vs bareiss on\n{a}");
        assert!(ex.examined <= exhaustive::estimate(a.rows(), a.cols()));
        // The search visits pairs in lexicographic order, so it finds the lex-first minor.
        let lex = minors::lex_first(a, order).unwrap();
        assert_eq!(lex, ex.minor, "lex {order:?} on\n{a}");
    }
    // Every (r+1)-minor vanishes, by Laplace: r really is the largest size.
    if r < a.rows().min(a.cols()) {
        for rows in (0..a.rows()).combinations(r + 1) {
            for cols in (0..a.cols()).combinations(r + 1) {
                assert_eq!(laplace(&a.submatrix(&rows, &cols)), 0, "on\n{a}");
            }
        }
    }
    if with_max_abs {
        let best = max_abs::max_abs(a, u64::MAX).unwrap();
        assert_eq!(best.size, r);
        assert!(best.holds_for(a));
        let all_cols: Vec<Vec<usize>> = (0..a.cols()).combinations(r).collect();
        let naive_max = (0..a.rows())
            .combinations(r)
            .cartesian_product(all_cols)
            .map(|(rows, cols)| laplace(&a.submatrix(&rows, &cols)).abs())
            .max()
            .unwrap();
        assert_eq!(best.value.clone().abs(), naive_max, "max-abs on\n{a}");
    }
    r
}

#[test]
fn every_small_sign_matrix_agrees() {
    // Every matrix with entries in {-1, 0, 1} of each shape up to 3×3: a proof, for this
    // domain, that the three routes agree. The counts of each rank pin the sweep.
    let mut total = 0;
    for (m, n) in [
        (1, 1),
        (1, 2),
        (2, 1),
        (2, 2),
        (1, 3),
        (3, 1),
        (2, 3),
        (3, 2),
        (3, 3),
    ] {
        let mut by_rank = [0usize; 4];
        for a in all_matrices(m, n, &[-1, 0, 1]) {
            by_rank[check_all_routes(&a, m * n <= 6)] += 1;
        }
        assert_eq!(by_rank.iter().sum::<usize>(), 3usize.pow((m * n) as u32));
        assert_eq!(by_rank[0], 1, "only the zero matrix has rank 0");
        total += by_rank.iter().sum::<usize>();
        if (m, n) == (2, 2) {
            // 81 matrices: 1 zero; ad = bc for 33 of them, so 32 of rank 1 and 48 of rank 2.
            assert_eq!(by_rank, [1, 32, 48, 0]);
        }
    }
    assert_eq!(total, 3 + 9 + 9 + 81 + 27 + 27 + 729 + 729 + 19683);
}

#[test]
fn random_rectangular_matrices_agree() {
    for seed in 0..300u64 {
        let m = 1 + (seed % 5) as usize;
        let n = 1 + ((seed / 5) % 6) as usize;
        let r = (seed as usize / 30) % (m.min(n) + 1);
        let a = gen::randrank(m, n, r, 40, 20, seed);
        assert_eq!(check_all_routes(&a, m * n <= 16), r, "seed {seed}");
        let u = gen::uniform(m, n, 2, seed);
        check_all_routes(&u, m * n <= 16);
    }
}

#[test]
fn big_entries_fast_route_matches_the_construction() {
    // Up to 12×12 with 200-bit diagonal entries: the fast route's minor has the rank the
    // generator built in, and its value re-checks.
    for seed in 0..60u64 {
        let (m, n) = (4 + (seed % 9) as usize, 3 + (seed / 9 % 10) as usize);
        let r = seed as usize % (m.min(n) + 1);
        let a = gen::randrank(m, n, r, 200, 4 * (m + n), seed);
        let f = minors::from_pivots(&a).unwrap();
        assert_eq!(f.size, r, "seed {seed}");
        assert!(f.holds_for(&a));
        for order in [LexOrder::Rows, LexOrder::Cols] {
            let l = minors::lex_first(&a, order).unwrap();
            assert_eq!(l.size, r);
            assert!(l.holds_for(&a));
        }
    }
}

#[test]
fn caps_refuse_before_work() {
    let a = ZMatrix::identity(13);
    let e = exhaustive::largest_nonzero(&a, LexOrder::Rows, minors::DEFAULT_MAX_MINORS)
        .unwrap_err()
        .to_string();
    assert!(e.contains("10400599"), "{e}"); // C(26,13) − 1
    let wide = gen::randrank(20, 20, 10, 8, 100, 1);
    let e = max_abs::max_abs(&wide, 1000).unwrap_err().to_string();
    assert!(e.contains(&(184_756u128 * 184_756).to_string()), "{e}");
}
