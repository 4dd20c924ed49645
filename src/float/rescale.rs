//! Rescaling by an exact power of two before the SVD and QR.
//!
//! An SVD forms sums of squares and norms: with entries near 1e308 they overflow (faer's
//! SVD fails), with entries near 1e-300 they underflow and lose everything. Multiplying
//! the whole matrix by 2^−k is exact in binary floating point (barring underflow of
//! entries 2^1074 times below the largest), multiplies every singular value and every
//! |R_kk| by 2^−k, and leaves every rank rule's count unchanged: the NumPy, Julia,
//! `--rtol` and QR thresholds are proportional to σ_max, and MATLAB's `eps(σ_max)` scales
//! with it by the same power of two. Only an absolute tolerance is not scale-free; the
//! report compares it with the singular values in the original units, exactly (see
//! [`super::Scaled`]).
//!
//! The whole matrix, not row by row: scaling rows changes the singular values
//! themselves (D·A has another spectrum), so the rules would answer a question about
//! another matrix. LAPACK's `dgesdd`, which NumPy calls, makes the same choice.

use super::F64Matrix;

/// Matrices whose largest entry has a binary exponent within ±this are left alone: their
/// squares and sums of squares stay comfortably inside the normal f64 range, and the
/// report is bit for bit what it was before rescaling existed.
pub const SAFE_EXPONENT: i64 = 400;

/// The power of two `k` to divide `a` by before the SVD: 0 when the largest |entry| is
/// zero or has a binary exponent in [−[`SAFE_EXPONENT`], [`SAFE_EXPONENT`]]; otherwise
/// that exponent, so the scaled largest entry lies in [1, 2).
///
/// ```
/// use exrank::float::{rescale::scale_exponent, F64Matrix};
/// assert_eq!(scale_exponent(&F64Matrix::from_fn(1, 2, |_, j| [1e300, -3.0][j])), 996);
/// assert_eq!(scale_exponent(&F64Matrix::from_fn(1, 1, |_, _| 5e-324)), -1074);
/// assert_eq!(scale_exponent(&F64Matrix::from_fn(1, 1, |_, _| 1e100)), 0);
/// ```
pub fn scale_exponent(a: &F64Matrix) -> i64 {
    let largest = a.data.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if largest == 0.0 || !largest.is_finite() {
        return 0;
    }
    let e = exponent(largest);
    if e.abs() <= SAFE_EXPONENT {
        0
    } else {
        e
    }
}

/// floor(log2 |x|) for finite nonzero x, subnormals included.
fn exponent(x: f64) -> i64 {
    let bits = x.abs().to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        // Subnormal: value = frac · 2^−1074, frac < 2^52.
        let frac = bits & ((1u64 << 52) - 1);
        63 - frac.leading_zeros() as i64 - 1074
    } else {
        biased - 1023
    }
}

/// `2^−k · a`, entry by entry. Scaling up (k < 0) is exact; scaling down (k > 0) is one
/// correctly rounded multiplication per entry, exact unless an entry falls into or below
/// the subnormal range (only entries more than 2^1021 times smaller than a largest entry
/// in [2^k, 2^(k+1)), far below any rule's threshold).
///
/// # Panics
/// If `k` is outside [−2098, 1074] (no finite matrix needs more).
///
/// ```
/// use exrank::float::{rescale::scaled_by_pow2, F64Matrix};
/// let a = F64Matrix::from_fn(1, 2, |_, j| [1e-300, 5e-324][j]);
/// let s = scaled_by_pow2(&a, -1000);
/// assert_eq!(s.get(0, 1), 5e-324 * 2f64.powi(1000));
/// assert_eq!(scaled_by_pow2(&s, 1000), a);
/// ```
pub fn scaled_by_pow2(a: &F64Matrix, k: i64) -> F64Matrix {
    assert!((-2098..=1074).contains(&k), "scale 2^{k} is out of range");
    // 2^−k as factors that are exact f64 powers of two: one factor (possibly subnormal)
    // when scaling down, so each entry is rounded once; up to three normal factors when
    // scaling up, each step exact.
    let pow2 = |e: i64| {
        if e >= -1022 {
            f64::from_bits(((e + 1023) as u64) << 52)
        } else {
            f64::from_bits(1u64 << (e + 1074))
        }
    };
    let mut factors = Vec::new();
    if k > 0 {
        factors.push(pow2(-k));
    } else {
        let mut left = -k;
        while left > 0 {
            let step = left.min(1000);
            factors.push(pow2(step));
            left -= step;
        }
    }
    F64Matrix {
        rows: a.rows,
        cols: a.cols,
        data: a
            .data
            .iter()
            .map(|&x| factors.iter().fold(x, |y, f| y * f))
            .collect(),
    }
}
