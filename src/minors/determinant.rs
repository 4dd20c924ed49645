//! The determinant used by the minors routes: direct formulas up to 3×3, Gaussian
//! elimination over Q (with fractions) beyond. Deliberately *not* [`crate::bareiss`]: the
//! exhaustive checker is meant to be an independent oracle for Bareiss, so it must not
//! share its arithmetic.

use crate::ZMatrix;
use rug::{Integer, Rational};

/// The exact determinant of a square integer matrix (1 for 0×0).
///
/// # Panics
/// If `a` is not square.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 1, 0], vec![7, 4, 0], vec![0, 0, 5]]).unwrap();
/// assert_eq!(exrank::minors::determinant(&a), 5);
/// ```
pub fn determinant(a: &ZMatrix) -> Integer {
    assert_eq!(a.rows(), a.cols(), "determinant of a non-square matrix");
    let e = |i, j| &a[(i, j)];
    match a.rows() {
        0 => Integer::from(1),
        1 => e(0, 0).clone(),
        2 => Integer::from(e(0, 0) * e(1, 1)) - Integer::from(e(0, 1) * e(1, 0)),
        3 => {
            // Cofactor expansion along the first row.
            let m = |i1, j1, i2, j2| {
                Integer::from(e(i1, j1) * e(i2, j2)) - Integer::from(e(i1, j2) * e(i2, j1))
            };
            e(0, 0) * m(1, 1, 2, 2) - e(0, 1) * m(1, 0, 2, 2) + e(0, 2) * m(1, 0, 2, 1)
        }
        _ => gauss_over_q(a),
    }
}

/// Row reduction over Q: det = (−1)^swaps · product of the pivots.
fn gauss_over_q(a: &ZMatrix) -> Integer {
    let n = a.rows();
    let mut w: Vec<Vec<Rational>> = (0..n)
        .map(|i| a.row(i).iter().map(Rational::from).collect())
        .collect();
    let mut det = Rational::from(1);
    for k in 0..n {
        let Some(p) = (k..n).find(|&i| w[i][k] != 0) else {
            return Integer::new();
        };
        if p != k {
            w.swap(p, k);
            det = -det;
        }
        let (top, rest) = w.split_at_mut(k + 1);
        let pivot_row = &top[k];
        for row in rest.iter_mut() {
            if row[k] == 0 {
                continue;
            }
            let f = Rational::from(&row[k] / &pivot_row[k]);
            for j in k..n {
                row[j] -= Rational::from(&f * &pivot_row[j]);
            }
        }
        det *= &pivot_row[k];
    }
    let (num, den) = det.into_numer_denom();
    debug_assert_eq!(den, 1, "a determinant of an integer matrix is an integer");
    num
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matrix::gen::uniform;

    /// Laplace expansion along the first row: the textbook definition, exponential.
    fn laplace(a: &ZMatrix) -> Integer {
        let n = a.rows();
        if n == 0 {
            return Integer::from(1);
        }
        let mut sum = Integer::new();
        for j in 0..n {
            let rows: Vec<usize> = (1..n).collect();
            let cols: Vec<usize> = (0..n).filter(|&c| c != j).collect();
            let term = &a[(0, j)] * laplace(&a.submatrix(&rows, &cols));
            if j % 2 == 0 {
                sum += term;
            } else {
                sum -= term;
            }
        }
        sum
    }

    #[test]
    fn agrees_with_laplace_expansion() {
        for n in 0..=6 {
            for seed in 0..40 {
                let a = uniform(n, n, if seed % 2 == 0 { 2 } else { 1_000_000 }, seed);
                assert_eq!(determinant(&a), laplace(&a), "n {n} seed {seed}");
                // The general path must agree with the direct formulas too.
                if n > 0 {
                    assert_eq!(gauss_over_q(&a), laplace(&a), "n {n} seed {seed}");
                }
            }
        }
    }

    #[test]
    fn singular_and_swapped() {
        let a = ZMatrix::from_i64_rows(&[
            vec![0, 1, 0, 0],
            vec![1, 0, 0, 0],
            vec![0, 0, 0, 1],
            vec![0, 0, 1, 0],
        ])
        .unwrap();
        assert_eq!(determinant(&a), 1);
        let s = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
        assert_eq!(determinant(&s), 0);
    }
}
