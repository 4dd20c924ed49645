//! The fast route: the pivots of fraction-free elimination are r independent rows and r
//! independent columns (the columns are the column rank profile), so det A[rows, cols] is
//! a nonzero minor of the largest size. Elimination already knows its value; it is
//! recomputed here by the minors module's own [`determinant`](super::determinant) and
//! must agree and be nonzero, so a bug in either shows up as an error, never as an answer.

use super::{determinant, Minor};
use crate::error::{Error, Result};
use crate::{bareiss, ZMatrix};

/// The largest nonzero minor on the elimination pivots of `a`, value double-checked.
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let m = exrank::minors::from_pivots(&a).unwrap();
/// assert_eq!((m.size, m.rows, m.cols), (2, vec![0, 1], vec![0, 1]));
/// assert_eq!(m.value, -4); // det [[1, 5], [2, 6]]
/// ```
pub fn from_pivots(a: &ZMatrix) -> Result<Minor> {
    let e = bareiss::eliminate(a);
    let value = determinant(&a.submatrix(&e.pivot_rows, &e.pivot_cols));
    checked(e.pivot_rows, e.pivot_cols, value, Some(&e.minor))
}

/// Builds a [`Minor`] after checking the value is nonzero and matches `expected` (when the
/// producer of the index sets also reported a value).
pub(super) fn checked(
    rows: Vec<usize>,
    cols: Vec<usize>,
    value: rug::Integer,
    expected: Option<&rug::Integer>,
) -> Result<Minor> {
    if value == 0 || expected.is_some_and(|x| *x != value) {
        return Err(Error::Invalid(format!(
            "internal error: the minor on rows {rows:?}, columns {cols:?} is {value} by direct \
             determinant but elimination reported {}; refusing to answer",
            expected.map_or("a nonzero value".to_string(), |x| x.to_string())
        )));
    }
    Ok(Minor {
        size: rows.len(),
        rows,
        cols,
        value,
    })
}
