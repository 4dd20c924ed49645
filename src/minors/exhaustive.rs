//! The definition, searched directly: rank(A) is the largest k with a nonzero k×k minor.
//! Sizes are tried from min(m, n) down; within a size the (rows, cols) pairs come in
//! lexicographic order, so the first nonzero minor found is also the lexicographically
//! first one of the largest size. Every minor is a [`determinant`](super::determinant)
//! call, independent of Bareiss: this is the oracle for tiny matrices.
//!
//! The cost is counted before anything runs: at most Σ_{k=1}^{min(m,n)} C(m,k)·C(n,k)
//! minors (= C(m+n, n) − 1 by Vandermonde's identity), refused past a cap.

use super::{count_minors, determinant, LexOrder, Minor};
use crate::error::{Error, Result};
use crate::ZMatrix;
use itertools::Itertools;
use rug::Integer;

/// The worst-case number of minors the search may evaluate on an m×n matrix: every minor
/// of every size from min(m, n) down to 1 (a zero matrix needs all of them). Saturating.
///
/// ```
/// // 4×4: C(8,4) − 1 = 69 minors at most.
/// assert_eq!(exrank::minors::exhaustive::estimate(4, 4), 69);
/// ```
pub fn estimate(m: usize, n: usize) -> u128 {
    (1..=m.min(n)).fold(0u128, |acc, k| acc.saturating_add(count_minors(m, n, k)))
}

/// The result of the exhaustive search: the minor and how many determinants it took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// The first nonzero minor of the largest size, in `order`.
    pub minor: Minor,
    /// Determinants evaluated.
    pub examined: u128,
}

/// Searches the definition: the lexicographically first (by `order`) nonzero minor of the
/// largest size. Refuses with [`Error::TooLarge`] (saying how many minors it would need)
/// when [`estimate`] exceeds `max_minors`, before evaluating any.
///
/// ```
/// use exrank::minors::{exhaustive, LexOrder};
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let f = exhaustive::largest_nonzero(&a, LexOrder::Rows, 1000).unwrap();
/// assert_eq!((f.minor.size, f.minor.rows.clone(), f.minor.cols.clone()), (2, vec![0, 1], vec![0, 1]));
/// assert_eq!(f.minor.value, -4);
/// assert!(exhaustive::largest_nonzero(&a, LexOrder::Rows, 10).is_err());
/// ```
pub fn largest_nonzero(a: &ZMatrix, order: LexOrder, max_minors: u64) -> Result<Found> {
    let (m, n) = (a.rows(), a.cols());
    let need = estimate(m, n);
    if need > u128::from(max_minors) {
        return Err(Error::TooLarge(format!(
            "the exhaustive search of a {m}x{n} matrix may need up to {} minors, past the cap \
             of {max_minors}; {}",
            need_text(need),
            raise_hint(need)
        )));
    }
    let mut examined = 0u128;
    for k in (1..=m.min(n)).rev() {
        let (outer_len, inner_len) = match order {
            LexOrder::Rows => (m, n),
            LexOrder::Cols => (n, m),
        };
        for outer in (0..outer_len).combinations(k) {
            for inner in (0..inner_len).combinations(k) {
                let (rows, cols) = match order {
                    LexOrder::Rows => (&outer, &inner),
                    LexOrder::Cols => (&inner, &outer),
                };
                examined += 1;
                let value = determinant(&a.submatrix(rows, cols));
                if value != 0 {
                    return Ok(Found {
                        minor: Minor {
                            size: k,
                            rows: rows.clone(),
                            cols: cols.clone(),
                            value,
                        },
                        examined,
                    });
                }
            }
        }
    }
    Ok(Found {
        minor: Minor {
            size: 0,
            rows: vec![],
            cols: vec![],
            value: Integer::from(1),
        },
        examined,
    })
}

/// How to get past the cap, when that is possible at all.
pub(super) fn raise_hint(need: u128) -> String {
    if need <= u128::from(u64::MAX) {
        format!("raise it with --max-minors {need}, or use the default (pivot) route")
    } else {
        "use the default (pivot) route".into()
    }
}

/// A count for a message: exact, or "more than 2^128" when it saturated.
pub(super) fn need_text(need: u128) -> String {
    if need == u128::MAX {
        "more than 2^128".into()
    } else {
        need.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_is_vandermonde() {
        // Σ_k C(m,k)C(n,k) = C(m+n, n), minus the k = 0 term.
        for m in 0..9 {
            for n in 0..9 {
                assert_eq!(estimate(m, n), super::super::binomial(m + n, n) - 1);
            }
        }
        assert_eq!(estimate(200, 200), u128::MAX);
    }

    #[test]
    fn zero_matrix_examines_everything_and_reports_size_zero() {
        let f = largest_nonzero(&ZMatrix::zeros(3, 4), LexOrder::Cols, 1000).unwrap();
        assert_eq!(f.minor.size, 0);
        assert_eq!(f.examined, estimate(3, 4));
    }

    #[test]
    fn refusal_names_the_count() {
        let e = largest_nonzero(&ZMatrix::zeros(12, 12), LexOrder::Rows, 1000).unwrap_err();
        assert!(e.to_string().contains("2704155"), "{e}");
    }
}
