//! The r×r minor of largest absolute value (r = rank), by looking at all C(m,r)·C(n,r) of
//! them: the best-conditioned choice of rows and columns for small matrices (a "maximal
//! volume" submatrix). Ties go to the lexicographically first (rows, then columns).

use super::exhaustive::{need_text, raise_hint};
use super::{count_minors, determinant, from_pivots, Minor};
use crate::error::{Error, Result};
use crate::ZMatrix;
use itertools::Itertools;

/// The number of r×r minors [`max_abs`] evaluates on an m×n matrix of rank r.
///
/// ```
/// assert_eq!(exrank::minors::max_abs::estimate(4, 4, 2), 36);
/// ```
pub fn estimate(m: usize, n: usize, r: usize) -> u128 {
    count_minors(m, n, r)
}

/// The r×r minor of `a` with the largest |value| (r from [`from_pivots`]). Refuses with
/// [`Error::TooLarge`] before evaluating any when there are more than `max_minors`.
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let m = exrank::minors::max_abs::max_abs(&a, 1000).unwrap();
/// assert_eq!((m.rows, m.cols, m.value.to_i32()), (vec![0, 3], vec![0, 3], Some(-36)));
/// ```
pub fn max_abs(a: &ZMatrix, max_minors: u64) -> Result<Minor> {
    let first = from_pivots(a)?;
    let (m, n, r) = (a.rows(), a.cols(), first.size);
    let need = estimate(m, n, r);
    if need > u128::from(max_minors) {
        return Err(Error::TooLarge(format!(
            "--max-abs on a {m}x{n} matrix of rank {r} needs {} minors, past the cap of \
             {max_minors}; {}",
            need_text(need),
            raise_hint(need)
        )));
    }
    let mut best = first;
    best.value = rug::Integer::new();
    for rows in (0..m).combinations(r) {
        for cols in (0..n).combinations(r) {
            let value = determinant(&a.submatrix(&rows, &cols));
            if value.cmp_abs(&best.value).is_gt() {
                best = Minor {
                    size: r,
                    rows: rows.clone(),
                    cols,
                    value,
                };
            }
        }
    }
    Ok(best)
}
