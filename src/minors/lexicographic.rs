//! The lexicographically first nonzero minor of the largest size, by rows or by columns
//! (what PARI's `matindexrank` and FFPACK's rank-profile submatrices give).
//!
//! Independent sets of rows form a matroid, so the greedy choice (keep a row when it is
//! independent of the rows kept so far) is the lexicographically smallest basis: the row
//! rank profile. Ordering by rows: I = row rank profile of A, then J = column rank profile
//! of A[I, :]; no pair (I', J') with I' < I can be nonsingular, and given I no J' < J can.
//! The row rank profile of A is the column rank profile of Aᵀ, which elimination gives.

use super::pivots::checked;
use super::{determinant, LexOrder, Minor};
use crate::error::Result;
use crate::{bareiss, ZMatrix};

/// The column rank profile: the lexicographically first maximal set of independent columns.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![0, 1, 2], vec![0, 2, 5]]).unwrap();
/// assert_eq!(exrank::minors::lexicographic::column_rank_profile(&a), vec![1, 2]);
/// ```
pub fn column_rank_profile(a: &ZMatrix) -> Vec<usize> {
    bareiss::eliminate(a).pivot_cols
}

/// The row rank profile: the lexicographically first maximal set of independent rows
/// (the column rank profile of the transpose).
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4], vec![0, 1]]).unwrap();
/// assert_eq!(exrank::minors::lexicographic::row_rank_profile(&a), vec![0, 2]);
/// ```
pub fn row_rank_profile(a: &ZMatrix) -> Vec<usize> {
    column_rank_profile(&a.transpose())
}

/// The lexicographically first nonzero minor of the largest size, rows first or columns
/// first; the value is computed by [`determinant`] and checked nonzero.
///
/// ```
/// use exrank::minors::{lex_first, LexOrder};
/// // Rows 0 and 1 are proportional: by rows the first choice is rows {0, 2}.
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4], vec![0, 1]]).unwrap();
/// let m = lex_first(&a, LexOrder::Rows).unwrap();
/// assert_eq!((m.rows, m.cols, m.value.to_i32()), (vec![0, 2], vec![0, 1], Some(1)));
/// ```
pub fn lex_first(a: &ZMatrix, order: LexOrder) -> Result<Minor> {
    let (rows, cols) = match order {
        LexOrder::Rows => {
            let rows = row_rank_profile(a);
            let all: Vec<usize> = (0..a.cols()).collect();
            let sub_cols = column_rank_profile(&a.submatrix(&rows, &all));
            (rows, sub_cols)
        }
        LexOrder::Cols => {
            let cols = column_rank_profile(a);
            let all: Vec<usize> = (0..a.rows()).collect();
            let sub_rows = row_rank_profile(&a.submatrix(&all, &cols));
            (sub_rows, cols)
        }
    };
    let value = determinant(&a.submatrix(&rows, &cols));
    checked(rows, cols, value, None)
}
