//! Singular values in f64 via faer's SVD (bidiagonalisation + divide and conquer): the
//! numbers every float rank rule thresholds.

use super::F64Matrix;
use crate::error::{Error, Result};

/// The singular values of `a`, nonincreasing, `min(m, n)` of them.
///
/// # Errors
/// A NaN or infinite entry (no spectrum exists), or the SVD failing to converge.
///
/// ```
/// // The seed's 4×4 example: ≈ 38.62, ≈ 2.07 and two rounding-noise values.
/// let a = exrank::float::F64Matrix::from_fn(4, 4, |i, j| (4 * j + i + 1) as f64);
/// let s = exrank::float::singular_values(&a).unwrap();
/// assert!((s[0] - 38.6227).abs() < 1e-3 && (s[1] - 2.0713).abs() < 1e-3);
/// assert!(s[2] < 1e-13 && s[3] < 1e-13);
/// ```
pub fn singular_values(a: &F64Matrix) -> Result<Vec<f64>> {
    if a.data.iter().any(|x| !x.is_finite()) {
        return Err(Error::Invalid(
            "the float image has a non-finite entry (an exact value beyond f64 range); no SVD"
                .into(),
        ));
    }
    if a.rows == 0 || a.cols == 0 {
        return Ok(Vec::new());
    }
    let m = faer::Mat::<f64>::from_fn(a.rows, a.cols, |i, j| a.get(i, j));
    let mut s = m
        .singular_values()
        .map_err(|e| Error::Invalid(format!("the SVD did not converge: {e:?}")))?;
    // faer sorts nonincreasing already; make it a guarantee for the rules.
    s.sort_by(|x, y| y.total_cmp(x));
    Ok(s)
}
