//! The producer's size bounds: Hadamard's inequality |det B| ≤ ∏ ‖row of B‖₂ (in bits,
//! each row norm rounded up to a power of two so the sum of exponents bounds log₂), and
//! the same inequality after orthogonalising the rows (see [`det_bound`]).

use crate::ZMatrix;
use faer::linalg::matmul::matmul;
use faer::linalg::triangular_inverse::invert_lower_triangular;
use faer::{Accum, Mat, Par, Side};
use rug::{Integer, Rational};

/// ⌈log₂⌉-style exponent e with ‖v‖₂ ≤ 2^e for the entries `v` (0 for a zero vector).
fn norm_bits<'a>(v: impl Iterator<Item = &'a Integer>) -> u64 {
    let mut s = Integer::new();
    for x in v {
        s += x.square_ref();
    }
    // s < 2^bits(s), so sqrt(s) < 2^(bits(s)/2) ≤ 2^ceil(bits(s)/2).
    (s.significant_bits() as u64).div_ceil(2)
}

/// B with |det A[rows, cols]| ≤ 2^B.
pub(super) fn minor_bits(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> u64 {
    rows.iter()
        .map(|&i| norm_bits(cols.iter().map(|&j| &a[(i, j)])))
        .sum()
}

/// B with |every k×k minor of A| ≤ 2^B: the k largest row bounds, or the k largest
/// column bounds, whichever is smaller (a minor's rows are pieces of A's rows). 0 when A
/// has no k×k minor.
pub(super) fn all_minors_bits(a: &ZMatrix, k: usize) -> u64 {
    let (m, n) = (a.rows(), a.cols());
    if k > m || k > n {
        return 0;
    }
    let top = |mut v: Vec<u64>| -> u64 {
        v.sort_unstable_by(|x, y| y.cmp(x));
        v[..k].iter().sum()
    };
    let rows = top((0..m).map(|i| norm_bits(a.row(i).iter())).collect());
    let cols = top((0..n)
        .map(|j| norm_bits((0..m).map(|i| &a[(i, j)])))
        .collect());
    rows.min(cols)
}

/// An upper bound on |det A[rows, cols]|: the smaller of Hadamard's bound and
/// Hadamard's bound on T·B, where B = A[rows, cols] and T is unit lower triangular
/// (det T·B = det B) chosen in floating point to make the rows of T·B nearly orthogonal
/// (from the Cholesky factor L of B·Bᵀ: T = diag(L)·L⁻¹). For random rows Hadamard's
/// bound overshoots |det B| by about (r/2)·log₂e bits; on T·B almost nothing, which
/// saves that many bits of primes.
///
/// Rigour does not depend on T being accurate: only on bounding the rows of T·B, which
/// is computed in floating point as R̃ = fl(T·B) with |R̃ − T·B| ≤ γ·(|T|·|B|) entrywise
/// (γ = r·u/(1 − r·u), u = 2⁻⁵³, any summation order), so ‖(T·B)ᵢ‖ ≤ ‖R̃ᵢ‖ + γ·‖(|T|·|B|)ᵢ‖.
/// Those norms are inflated by 2⁻³⁰ (far above their own rounding for r < 2²⁰) and
/// multiplied exactly as rationals.
pub(super) fn det_bound(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Integer {
    let hadamard = Integer::from(1) << minor_bits(a, rows, cols) as u32;
    match orthogonalised_bound(a, rows, cols) {
        Some(b) if b < hadamard => b,
        _ => hadamard,
    }
}

fn orthogonalised_bound(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Option<Integer> {
    let r = rows.len();
    if r == 0 || r >= 1 << 20 {
        return None;
    }
    let limit = Integer::from(1) << 53u32;
    let mut b = Mat::<f64>::zeros(r, r);
    for (ii, &i) in rows.iter().enumerate() {
        for (jj, &j) in cols.iter().enumerate() {
            let x = &a[(i, j)];
            if x.clone().abs() >= limit {
                return None; // not exact in f64
            }
            b[(ii, jj)] = x.to_f64();
        }
    }
    let par = Par::rayon(0);
    let mut g = Mat::<f64>::zeros(r, r);
    matmul(
        g.as_mut(),
        Accum::Replace,
        b.as_ref(),
        b.transpose(),
        1.0,
        par,
    );
    let llt = g.llt(Side::Lower).ok()?;
    let l = llt.L();
    let mut t = Mat::<f64>::zeros(r, r);
    invert_lower_triangular(t.as_mut(), l, par);
    for i in 0..r {
        let scale = l[(i, i)];
        for j in 0..i {
            t[(i, j)] *= scale;
        }
        t[(i, i)] = 1.0;
        for j in i + 1..r {
            t[(i, j)] = 0.0;
        }
    }
    let mut tb = Mat::<f64>::zeros(r, r);
    matmul(
        tb.as_mut(),
        Accum::Replace,
        t.as_ref(),
        b.as_ref(),
        1.0,
        par,
    );
    let abs_t = Mat::<f64>::from_fn(r, r, |i, j| t[(i, j)].abs());
    let abs_b = Mat::<f64>::from_fn(r, r, |i, j| b[(i, j)].abs());
    let mut err = Mat::<f64>::zeros(r, r);
    matmul(
        err.as_mut(),
        Accum::Replace,
        abs_t.as_ref(),
        abs_b.as_ref(),
        1.0,
        par,
    );
    let gamma = 2.0 * r as f64 * f64::EPSILON / 2.0; // ≥ γ_r·(1 + 2γ_r) for r < 2^20
    let inflate = 1.0 + 1.0 / (1u64 << 30) as f64;
    let mut product = Rational::from(1);
    for i in 0..r {
        let norm = |m: &Mat<f64>| (0..r).map(|j| m[(i, j)] * m[(i, j)]).sum::<f64>().sqrt();
        let bound = (norm(&tb) + gamma * norm(&err) * inflate) * inflate + 1e-200;
        if !bound.is_finite() {
            return None;
        }
        product *= Rational::from_f64(bound)?;
    }
    Some(product.ceil().into_numer_denom().0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_the_determinant() {
        // det [[3, 4], [4, -3]] = -25 and both rows have norm exactly 5 ≤ 2^3.
        let a = ZMatrix::from_i64_rows(&[vec![3, 4], vec![4, -3]]).unwrap();
        assert_eq!(minor_bits(&a, &[0, 1], &[0, 1]), 6);
        assert_eq!(all_minors_bits(&a, 2), 6);
        assert_eq!(all_minors_bits(&a, 3), 0);
    }

    #[test]
    fn orthogonalised_bound_is_above_the_determinant_and_below_hadamard() {
        for (n, seed) in [(1, 1), (2, 2), (30, 3), (120, 4)] {
            let a = crate::matrix::gen::uniform(n, n, 100, seed);
            let idx: Vec<usize> = (0..n).collect();
            let det = crate::bareiss::det(&a).abs();
            let bound = det_bound(&a, &idx, &idx);
            assert!(det <= bound, "n = {n}");
            assert!(bound <= Integer::from(1) << minor_bits(&a, &idx, &idx) as u32);
            if n >= 30 {
                // Within a few bits of |det| (Hadamard is ≈ 0.72·n bits above it).
                let slack = bound.significant_bits() - det.significant_bits();
                assert!(slack < 8, "n = {n}: {slack} bits of slack");
            }
        }
        // Orthogonal rows: det² = 625 is attained; a singular matrix keeps a valid bound.
        let a = ZMatrix::from_i64_rows(&[vec![3, 4], vec![4, -3]]).unwrap();
        assert!(det_bound(&a, &[0, 1], &[0, 1]) >= 25);
        let s = ZMatrix::from_i64_rows(&[vec![1, 2], vec![2, 4]]).unwrap();
        assert!(det_bound(&s, &[0, 1], &[0, 1]) >= 0);
    }
}
