//! The verifier's Hadamard bounds, squared so that every comparison is exact integer
//! arithmetic: |det B|² ≤ ∏ ‖row of B‖₂², and the same inequality for T·B with T unit
//! lower triangular chosen to make the rows nearly orthogonal ([`det_bound_sq`]).

use crate::ZMatrix;
use faer::linalg::matmul::triangular::{self, BlockStructure};
use faer::linalg::triangular_solve::solve_upper_triangular_in_place;
use faer::{Accum, Mat, Par, Side};
use rug::{Integer, Rational};

fn norm_sq<'a>(v: impl Iterator<Item = &'a Integer>) -> Integer {
    let mut s = Integer::new();
    for x in v {
        s += x.square_ref();
    }
    s
}

/// H² with |det A[rows, cols]| ≤ H.
pub(super) fn minor_bound_sq(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Integer {
    rows.iter()
        .map(|&i| norm_sq(cols.iter().map(|&j| &a[(i, j)])))
        .product()
}

/// U² with |det A[rows, cols]| ≤ U: the smaller of [`minor_bound_sq`] and Hadamard's
/// bound on the rows of T·B (B = A[rows, cols], det T·B = det B since T is unit lower
/// triangular). T is Tᵀ = L⁻ᵀ·diag(L) for the floating-point Cholesky factor L of
/// B·Bᵀ, which makes T·B nearly orthogonal, so the bound is within a few bits of |det B|
/// where plain Hadamard is ≈ (r/2)·log₂e bits above (for random rows).
///
/// Why it is a bound whatever T is: T·B is formed as fl(T·B), off by at most
/// γ·(|T|·|B|) entrywise with γ = r·u/(1 − r·u), u = 2⁻⁵³ (any summation order, zero
/// terms skipped or not), so ‖(T·B)ᵢ‖ ≤ ‖fl(T·B)ᵢ‖ + 2r·u·‖(|T|·|B|)ᵢ‖, and
/// ‖(|T|·|B|)ᵢ‖ ≤ Σₖ |tᵢₖ|·‖Bₖ‖ (Bₖ the rows of B; a sum of non-negative terms computed
/// to within a factor 1 + γ); each norm is inflated by 2⁻³⁰, which dwarfs its own
/// rounding for r < 2²⁰, and the product is taken exactly.
pub(super) fn det_bound_sq(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Integer {
    let hadamard = minor_bound_sq(a, rows, cols);
    match orthogonalised(a, rows, cols) {
        Some(u) => {
            let u_sq = Integer::from(u.square_ref());
            u_sq.min(hadamard)
        }
        None => hadamard,
    }
}

fn orthogonalised(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Option<Integer> {
    let r = rows.len();
    if r == 0 || r >= 1 << 20 {
        return None;
    }
    let exact = Integer::from(1) << 53u32;
    let mut b = Mat::<f64>::zeros(r, r);
    for (ii, &i) in rows.iter().enumerate() {
        for (jj, &j) in cols.iter().enumerate() {
            let x = &a[(i, j)];
            if Integer::from(x.abs_ref()) >= exact {
                return None; // an f64 copy would not be exact
            }
            b[(ii, jj)] = x.to_f64();
        }
    }
    let par = Par::rayon(0);
    // Only the lower half of B·Bᵀ is formed (Cholesky reads no more), and T·B skips T's
    // zero upper half: about r³ flops instead of 3r³ for the three full products.
    let mut gram = Mat::<f64>::zeros(r, r);
    triangular::matmul(
        gram.as_mut(),
        BlockStructure::TriangularLower,
        Accum::Replace,
        b.as_ref(),
        BlockStructure::Rectangular,
        b.transpose(),
        BlockStructure::Rectangular,
        1.0,
        par,
    );
    let chol = gram.llt(Side::Lower).ok()?;
    let l = chol.L();
    // Lᵀ·Tᵀ = diag(L), i.e. T = diag(L)·L⁻¹; then force T to be exactly unit lower.
    let mut tt = Mat::<f64>::from_fn(r, r, |i, j| if i == j { l[(i, i)] } else { 0.0 });
    solve_upper_triangular_in_place(l.transpose(), tt.as_mut(), par);
    let t = Mat::<f64>::from_fn(r, r, |i, j| match j.cmp(&i) {
        std::cmp::Ordering::Less => tt[(j, i)],
        std::cmp::Ordering::Equal => 1.0,
        std::cmp::Ordering::Greater => 0.0,
    });
    let mut tb = Mat::<f64>::zeros(r, r);
    triangular::matmul(
        tb.as_mut(),
        BlockStructure::Rectangular,
        Accum::Replace,
        t.as_ref(),
        BlockStructure::UnitTriangularLower,
        b.as_ref(),
        BlockStructure::Rectangular,
        1.0,
        par,
    );
    // ‖(|T|·|B|)ᵢ‖ ≤ Σₖ |tᵢₖ|·‖Bₖ‖ (triangle inequality): O(r²) instead of a product.
    let b_norms: Vec<f64> = (0..r)
        .map(|k| (0..r).map(|j| b[(k, j)].powi(2)).sum::<f64>().sqrt())
        .collect();
    let two_ru = r as f64 * f64::EPSILON; // EPSILON = 2u
    let inflate = 1.0 + (-30f64).exp2();
    let mut bound = Rational::from(1);
    for i in 0..r {
        let tb_norm = (0..r).map(|j| tb[(i, j)].powi(2)).sum::<f64>().sqrt();
        let err_norm: f64 = (0..=i).map(|k| t[(i, k)].abs() * b_norms[k]).sum();
        let v = (tb_norm * inflate + two_ru * err_norm * inflate) * inflate + 1e-200;
        bound *= Rational::from_f64(v)?; // None for inf or NaN
    }
    Some(bound.ceil().into_numer_denom().0)
}

/// H² with |every k×k minor of A| ≤ H: the smaller of the products of the k largest
/// squared row norms and of the k largest squared column norms (each row of a minor is
/// a piece of a row of A, each column a piece of a column). 0 when no k×k minor exists.
pub(super) fn all_minors_bound_sq(a: &ZMatrix, k: usize) -> Integer {
    let (m, n) = (a.rows(), a.cols());
    if k > m || k > n {
        return Integer::new();
    }
    let top = |mut v: Vec<Integer>| -> Integer {
        v.sort_unstable_by(|x, y| y.cmp(x));
        v.into_iter().take(k).product()
    };
    let rows = top((0..m).map(|i| norm_sq(a.row(i).iter())).collect());
    let cols = top((0..n)
        .map(|j| norm_sq((0..m).map(|i| &a[(i, j)])))
        .collect());
    rows.min(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squared_bound_is_attained_by_an_orthogonal_matrix() {
        // [[3, 4], [4, -3]] has orthogonal rows of norm 5: det² = 625 = the bound.
        let a = ZMatrix::from_i64_rows(&[vec![3, 4], vec![4, -3]]).unwrap();
        assert_eq!(minor_bound_sq(&a, &[0, 1], &[0, 1]), 625);
        assert_eq!(all_minors_bound_sq(&a, 1), 25);
        assert_eq!(all_minors_bound_sq(&a, 3), 0);
        assert!(det_bound_sq(&a, &[0, 1], &[0, 1]) >= 625);
    }

    #[test]
    fn orthogonalised_bound_is_tight_and_safe() {
        // A = H·U with H the 64×64 Sylvester–Hadamard matrix (orthogonal ±1 rows, so
        // det² = 64^64 = 2^384) and U = I + ones on the superdiagonal (det 1): the rows
        // of A are not orthogonal, plain Hadamard overshoots det² by about 33 bits.
        let n = 64;
        let h = |i: usize, j: usize| {
            if (i & j).count_ones().is_multiple_of(2) {
                1
            } else {
                -1
            }
        };
        let a = ZMatrix::from_fn(n, n, |i, j| {
            Integer::from(h(i, j) + if j > 0 { h(i, j - 1) } else { 0 })
        });
        let idx: Vec<usize> = (0..n).collect();
        let det_sq = Integer::from(1) << 384u32;
        let u_sq = det_bound_sq(&a, &idx, &idx);
        let h_sq = minor_bound_sq(&a, &idx, &idx);
        assert!(det_sq <= u_sq && u_sq <= h_sq);
        assert!(u_sq.significant_bits() < det_sq.significant_bits() + 4);
        assert!(h_sq.significant_bits() > det_sq.significant_bits() + 30);
    }
}
