//! Hadamard's bound on k×k minors, in exact integer arithmetic: |det M| ≤ ∏ ‖row‖ over
//! M's rows, and a row of a minor is a sub-row of A, so every k×k minor of A is bounded by
//! the product of the k largest row norms of A — and likewise by columns; the smaller of
//! the two is used. Everything is kept squared (∏ ‖row‖² is an integer), so no rounding can
//! make the bound too small.

use crate::ZMatrix;
use rug::Integer;

/// Squared Euclidean norms of the rows of `a` (exact).
fn row_norms_sq(a: &ZMatrix) -> Vec<Integer> {
    (0..a.rows()).map(|i| norm_sq(a.row(i).iter())).collect()
}

/// Squared Euclidean norms of the columns of `a` (exact).
fn col_norms_sq(a: &ZMatrix) -> Vec<Integer> {
    let mut out = vec![Integer::new(); a.cols()];
    for i in 0..a.rows() {
        for (acc, x) in out.iter_mut().zip(a.row(i)) {
            if let Some(v) = x.to_i32() {
                *acc += (v as i64) * (v as i64);
            } else {
                *acc += Integer::from(x.square_ref());
            }
        }
    }
    out
}

fn norm_sq<'a>(xs: impl Iterator<Item = &'a Integer>) -> Integer {
    let mut small: u128 = 0;
    let mut big = Integer::new();
    for x in xs {
        match x.to_i64() {
            Some(v) if v.unsigned_abs() < 1 << 40 => {
                small += (v as i128 * v as i128) as u128;
                if small >= 1 << 120 {
                    big += small;
                    small = 0;
                }
            }
            _ => big += Integer::from(x.square_ref()),
        }
    }
    big + small
}

/// Product of the k largest values, or 0 when fewer than k are nonzero.
fn product_of_largest(mut v: Vec<Integer>, k: usize) -> Integer {
    if v.iter().filter(|x| **x != 0).count() < k {
        return Integer::new();
    }
    v.sort_unstable_by(|a, b| b.cmp(a));
    v.iter().take(k).product()
}

/// B² where B bounds |det M| for every k×k minor M of `a`: the smaller of the products of
/// the k largest squared row norms and of the k largest squared column norms. 0 when `a`
/// has no nonzero k×k minor for the trivial reason that fewer than k rows (or columns) are
/// nonzero, or when k exceeds the shape; 1 for k = 0 (the empty minor is 1).
///
/// ```
/// use exrank::modular::hadamard::minor_bound_sq;
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
/// assert_eq!(minor_bound_sq(&a, 1), 16);    // largest entry² (column norms 10, 16)
/// assert_eq!(minor_bound_sq(&a, 2), 25);    // rows: 25·1; columns: 10·16
/// assert_eq!(minor_bound_sq(&a, 3), 0);
/// ```
pub fn minor_bound_sq(a: &ZMatrix, k: usize) -> Integer {
    if k == 0 {
        return Integer::from(1);
    }
    if k > a.rows().min(a.cols()) {
        return Integer::new();
    }
    let by_rows = product_of_largest(row_norms_sq(a), k);
    let by_cols = product_of_largest(col_norms_sq(a), k);
    by_rows.min(by_cols)
}

/// B² for the largest minors that can be nonzero: k = the number of nonzero rows or
/// columns, whichever is fewer. Every nonzero minor of `a` of any size is at most B in
/// absolute value (the product is over norms ≥ 1, so it grows with k).
///
/// ```
/// use exrank::modular::hadamard::max_minor_bound_sq;
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![0, 0]]).unwrap();
/// assert_eq!(max_minor_bound_sq(&a), 16); // only 1×1 minors can be nonzero: |4|² = 16
/// ```
pub fn max_minor_bound_sq(a: &ZMatrix) -> Integer {
    let rows = row_norms_sq(a);
    let cols = col_norms_sq(a);
    let k = rows
        .iter()
        .filter(|x| **x != 0)
        .count()
        .min(cols.iter().filter(|x| **x != 0).count());
    if k == 0 {
        return Integer::from(1);
    }
    product_of_largest(rows, k).min(product_of_largest(cols, k))
}
