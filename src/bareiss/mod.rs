//! Fraction-free (Bareiss) elimination over the integers: rank, determinant, column rank
//! profile, pivot rows, the exact value of the nonzero minor on the pivots, and a kernel
//! basis.
//!
//! Every intermediate entry is itself a minor of the input, so the divisions are exact and
//! entry sizes stay bounded by Hadamard's bound instead of doubling at each step.
//!
//! Three kernels compute the same minors; [`eliminate`] picks:
//! - entries that fit in machine words start on the word-size path ([`eliminate_word`]);
//! - at the first entry that outgrows a word it continues, mid-step, in the limb kernel
//!   ([`eliminate_truncated`]: arithmetic modulo 2^N sized by Hadamard's bound, so exact
//!   divisions become multiplications), and inputs too big for words start there;
//! - the GMP kernel ([`eliminate_big`]) takes over when the limb buffer would be too big,
//!   or when the pivots turn out far below Hadamard's bound (structured inputs, where
//!   GMP's entries are as long as they really are and the fixed width would waste work).

mod eliminate;
mod kernel;
mod small;
mod truncated;

pub use eliminate::{eliminate_big, Threads};
pub use kernel::kernel_basis;
pub use small::eliminate_word;
pub use truncated::eliminate_truncated;

use crate::ZMatrix;
use rug::Integer;

/// What fraction-free elimination found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elimination {
    /// The rank over Q.
    pub rank: usize,
    /// Pivot rows, 0-based, sorted ascending.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns, 0-based, ascending: the column rank profile (the lexicographically
    /// first set of independent columns).
    pub pivot_cols: Vec<usize>,
    /// det A[pivot_rows, pivot_cols] (both sorted ascending); nonzero; 1 when rank is 0.
    pub minor: Integer,
}

/// Eliminates `a` fraction-free and reports rank, pivots and the pivot minor.
///
/// ```
/// // The seed's 4×4 example: 1..16 column by column has rank 2.
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let e = exrank::bareiss::eliminate(&a);
/// assert_eq!(e.rank, 2);
/// assert_eq!(e.pivot_cols, vec![0, 1]);
/// assert_eq!(e.minor, -4); // det [[1, 5], [2, 6]]
/// ```
pub fn eliminate(a: &ZMatrix) -> Elimination {
    eliminate_with(a, Threads::Auto)
}

/// [`eliminate`] with a choice of threading for the GMP steps.
///
/// ```
/// use exrank::bareiss::{eliminate_with, Threads};
/// let a = exrank::matrix::gen::randrank(6, 6, 4, 40, 50, 7);
/// assert_eq!(eliminate_with(&a, Threads::Single).rank, 4);
/// ```
pub fn eliminate_with(a: &ZMatrix, threads: Threads) -> Elimination {
    match small::run(a) {
        Ok(e) => e,
        Err(escape) => escape.resume(a, threads),
    }
}

/// The result from the final state: `prev` is det A[order[..r], pivot_cols] with rows in
/// elimination order; sorting the rows multiplies it by the sign of that permutation.
fn finish(order: Vec<usize>, pivot_cols: Vec<usize>, prev: Integer) -> Elimination {
    let r = pivot_cols.len();
    let mut pivot_rows = order;
    pivot_rows.truncate(r);
    let even = permutation_is_even(&pivot_rows);
    pivot_rows.sort_unstable();
    Elimination {
        rank: r,
        pivot_rows,
        pivot_cols,
        minor: if even { prev } else { -prev },
    }
}

/// True when sorting `v` (distinct values) takes an even number of transpositions,
/// counted by cycle decomposition in O(r log r).
fn permutation_is_even(v: &[usize]) -> bool {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_unstable_by_key(|&i| v[i]);
    let mut seen = vec![false; v.len()];
    let mut transpositions = 0;
    for s in 0..v.len() {
        let mut i = s;
        let mut len = 0;
        while !seen[i] {
            seen[i] = true;
            i = idx[i];
            len += 1;
        }
        transpositions += len.max(1) - 1;
    }
    transpositions % 2 == 0
}

/// The rank of `a` over Q.
///
/// ```
/// assert_eq!(exrank::bareiss::rank(&exrank::ZMatrix::identity(3)), 3);
/// ```
pub fn rank(a: &ZMatrix) -> usize {
    match small::run_words(a) {
        Ok(done) => done.pivot_cols.len(),
        Err(escape) => escape.resume(a, Threads::Auto).rank,
    }
}

/// The determinant of a square matrix (1 for 0×0).
///
/// # Panics
/// If `a` is not square.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 1], vec![7, 4]]).unwrap();
/// assert_eq!(exrank::bareiss::det(&a), 1);
/// ```
pub fn det(a: &ZMatrix) -> Integer {
    assert_eq!(a.rows(), a.cols(), "determinant of a non-square matrix");
    let e = eliminate(a);
    if e.rank < a.rows() {
        Integer::new()
    } else {
        e.minor
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_shapes_have_rank_zero() {
        for (m, n) in [(0, 0), (0, 3), (3, 0)] {
            let e = eliminate(&ZMatrix::zeros(m, n));
            assert_eq!(e.rank, 0);
            assert_eq!(e.minor, 1);
        }
        assert_eq!(det(&ZMatrix::zeros(0, 0)), 1);
    }

    #[test]
    fn minor_sign_follows_sorted_rows() {
        // Row 0 is zero in column 0, so the pivot search swaps rows: det [[0,1],[1,0]] = -1.
        let a = ZMatrix::from_i64_rows(&[vec![0, 1], vec![1, 0]]).unwrap();
        assert_eq!(det(&a), -1);
        let a = ZMatrix::from_i64_rows(&[vec![0, 0, 1], vec![0, 1, 0], vec![1, 0, 0]]).unwrap();
        assert_eq!(det(&a), -1);
    }

    #[test]
    fn permutation_parity_matches_inversion_count() {
        let perms: [&[usize]; 6] = [&[], &[0], &[1, 0], &[2, 0, 1], &[3, 1, 2, 0], &[4, 9, 2, 7]];
        for v in perms {
            let inversions = (0..v.len())
                .flat_map(|i| (i + 1..v.len()).map(move |j| (i, j)))
                .filter(|&(i, j)| v[i] > v[j])
                .count();
            assert_eq!(permutation_is_even(v), inversions % 2 == 0, "{v:?}");
        }
    }
}
