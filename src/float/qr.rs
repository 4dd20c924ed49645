//! Rank from column-pivoted (Businger–Golub) QR: cheaper than the SVD and what
//! LAPACK's `xGELSY` and many solvers use. Rank = #{k : |R_kk| > tol}, with the
//! threshold chosen like NumPy's SVD rule but relative to |R_00| (the largest column
//! norm): `tol = |R_00| · max(m, n) · eps`. Pivoted QR only *reveals* rank approximately:
//! the |R_kk| bracket the singular values within factors that can grow with n.

use super::F64Matrix;
use crate::error::{Error, Result};

/// The magnitudes |R_kk| of the diagonal of R in `A P = Q R`, `min(m, n)` of them, in
/// pivot order (nonincreasing up to rounding).
///
/// # Errors
/// A NaN or infinite entry.
///
/// ```
/// let a = exrank::float::F64Matrix::from_fn(2, 2, |i, j| if i == j { 3.0 } else { 0.0 });
/// assert_eq!(exrank::float::qr::r_diagonal(&a).unwrap(), vec![3.0, 3.0]);
/// ```
pub fn r_diagonal(a: &F64Matrix) -> Result<Vec<f64>> {
    if a.data.iter().any(|x| !x.is_finite()) {
        return Err(Error::Invalid(
            "the float image has a non-finite entry; no QR".into(),
        ));
    }
    if a.rows == 0 || a.cols == 0 {
        return Ok(Vec::new());
    }
    let m = faer::Mat::<f64>::from_fn(a.rows, a.cols, |i, j| a.get(i, j));
    let qr = m.col_piv_qr();
    let r = qr.thin_R();
    Ok((0..a.rows.min(a.cols)).map(|k| r[(k, k)].abs()).collect())
}

/// The QR rule's threshold for an m×n matrix whose largest |R_kk| is `r00`.
///
/// ```
/// assert_eq!(exrank::float::qr::threshold(2.0, 3, 5), 2.0 * 5.0 * f64::EPSILON);
/// ```
pub fn threshold(r00: f64, m: usize, n: usize) -> f64 {
    r00 * m.max(n) as f64 * f64::EPSILON
}
