//! The verifier's Hadamard bounds, squared so that every comparison is exact integer
//! arithmetic (no square roots, no rounding): |det B|² ≤ ∏ ‖row of B‖₂².

use crate::ZMatrix;
use rug::Integer;

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
    }
}
