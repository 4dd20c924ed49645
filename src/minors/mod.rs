//! The largest nonzero minor: rank is the size of the largest nonsingular square submatrix,
//! and a minor that shows it is a witness for `rank ≥ r` anyone can recheck.
//!
//! Four routes, one file each:
//! - [`pivots`]: the fast default, from the pivots of fraction-free elimination, with the
//!   value recomputed by an independent determinant and checked nonzero;
//! - [`lexicographic`]: the lexicographically first choice by rows or by columns (PARI's
//!   `matindexrank`, FFPACK's rank-profile submatrices);
//! - [`max_abs`]: the r×r minor of largest absolute value (small matrices);
//! - [`exhaustive`]: the definition itself, searched from the largest size down; the
//!   oracle for tiny matrices, with an up-front count and a cap.
//!
//! [`determinant`] is this module's own determinant (over Q, or modulo primes and CRT for
//! larger minors), written apart from [`crate::bareiss`] so the exhaustive route is an
//! independent oracle.
//!
//! Indices are 0-based everywhere in the library and in JSON output.

pub mod determinant;
pub mod exhaustive;
pub mod lexicographic;
pub mod max_abs;
pub mod pivots;

pub use determinant::determinant;
pub use exhaustive::largest_nonzero;
pub use lexicographic::lex_first;
pub use pivots::from_pivots;

use crate::ZMatrix;
use rug::Integer;

/// Default cap on the number of minors an exhaustive search may evaluate. A 10×10 matrix
/// needs at most C(20,10) − 1 = 184,755 and fits; a 12×12 needs up to 2,704,155 and must
/// raise the cap with `--max-minors`.
pub const DEFAULT_MAX_MINORS: u64 = 1_000_000;

/// A nonzero minor det A[rows, cols] of size `size` (rows and cols 0-based, ascending).
/// For the zero matrix (or an empty shape) the size is 0, the sets are empty and the value
/// is 1 (the empty determinant).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Minor {
    /// r, the number of rows (= columns) of the submatrix; the rank of the matrix.
    pub size: usize,
    /// The row set, 0-based, ascending.
    pub rows: Vec<usize>,
    /// The column set, 0-based, ascending.
    pub cols: Vec<usize>,
    /// det A[rows, cols], exact and nonzero.
    pub value: Integer,
}

impl Minor {
    /// Rechecks this minor against `a` from scratch: the sets are in range, ascending and
    /// of length `size`, and [`determinant`] of the submatrix equals `value` and is nonzero.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4]]).unwrap();
    /// let m = exrank::minors::from_pivots(&a).unwrap();
    /// assert!(m.holds_for(&a));
    /// ```
    pub fn holds_for(&self, a: &ZMatrix) -> bool {
        let ascending_in = |v: &[usize], len: usize| {
            v.len() == self.size && v.windows(2).all(|w| w[0] < w[1]) && v.iter().all(|&i| i < len)
        };
        ascending_in(&self.rows, a.rows())
            && ascending_in(&self.cols, a.cols())
            && self.value != 0
            && determinant(&a.submatrix(&self.rows, &self.cols)) == self.value
    }
}

/// Which index set is chosen first when picking the lexicographically first minor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LexOrder {
    /// The lexicographically first independent rows (row rank profile), then the first
    /// independent columns among those rows.
    Rows,
    /// The lexicographically first independent columns (column rank profile), then the
    /// first independent rows among those columns.
    Cols,
}

/// C(n, k), saturating at `u128::MAX`.
///
/// ```
/// assert_eq!(exrank::minors::binomial(20, 10), 184_756);
/// assert_eq!(exrank::minors::binomial(3, 5), 0);
/// ```
pub fn binomial(n: usize, k: usize) -> u128 {
    if k > n {
        return 0;
    }
    let k = k.min(n - k);
    let mut c: u128 = 1;
    for i in 0..k {
        // c · (n − i) / (i + 1) is exact: c·(n−i) = C(n, i+1)·(i+1).
        match c.checked_mul((n - i) as u128) {
            Some(x) => c = x / (i as u128 + 1),
            None => return u128::MAX,
        }
    }
    c
}

/// The number of k×k minors of an m×n matrix, C(m,k)·C(n,k), saturating.
///
/// ```
/// assert_eq!(exrank::minors::count_minors(4, 4, 2), 36);
/// ```
pub fn count_minors(m: usize, n: usize, k: usize) -> u128 {
    binomial(m, k).saturating_mul(binomial(n, k))
}
