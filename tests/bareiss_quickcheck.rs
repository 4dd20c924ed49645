//! Thousands of random matrices: Bareiss (dispatching, GMP-only, truncated-only and
//! word-only) against the
//! naive Gaussian elimination over num-rational in `common`.

mod common;

use common::{check_elimination, check_kernel, Mat};
use exrank::bareiss::{self, eliminate_big, eliminate_truncated, eliminate_word, Threads};
use quickcheck::{QuickCheck, TestResult};

fn agrees_with_oracle(m: Mat) -> TestResult {
    let a = m.to_zmatrix();
    let e = eliminate_big(&a, Threads::Single);
    check_elimination(&a, &e);
    assert_eq!(bareiss::eliminate(&a), e, "dispatch vs GMP on\n{a}");
    assert_eq!(
        eliminate_truncated(&a, Threads::Single),
        e,
        "truncated vs GMP on\n{a}"
    );
    assert_eq!(bareiss::rank(&a), e.rank, "rank-only path on\n{a}");
    if let Some(w) = eliminate_word(&a) {
        assert_eq!(w, e, "word-size vs GMP on\n{a}");
    }
    check_kernel(&a, &bareiss::kernel_basis(&a), &e.pivot_cols);
    TestResult::passed()
}

#[test]
fn bareiss_matches_rational_gaussian_elimination() {
    QuickCheck::new()
        .tests(5000)
        .max_tests(20_000)
        .quickcheck(agrees_with_oracle as fn(Mat) -> TestResult);
}
