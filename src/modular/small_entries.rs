//! A matrix together with its entries as doubles, read once, when every entry is below
//! 2⁵¹ in absolute value.
//!
//! Why: each entry of a [`ZMatrix`] is a GMP integer behind its own pointer, so a pass
//! over the matrix is one cache miss per entry (≈ 10 ms for 10⁶ entries). The exact rank
//! reads the matrix for the elimination mod p and again for the kernel check (row norms
//! for the cost model, B and the right-hand sides for the lifting); reading it once into
//! a flat row-major array, rows in parallel, turns the later passes into plain copies.

use super::reduce::small_value;
use crate::ZMatrix;
use rayon::prelude::*;
use std::sync::OnceLock;

/// A matrix and, when all its entries are small (|x| < 2⁵¹), a row-major copy as doubles.
pub struct SmallEntries<'a> {
    matrix: &'a ZMatrix,
    values: Option<Vec<f64>>,
    row_logs: OnceLock<Vec<f64>>,
}

impl<'a> SmallEntries<'a> {
    /// Reads `a` once, rows in parallel.
    ///
    /// ```
    /// use exrank::modular::SmallEntries;
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, -2], vec![3, 4]]).unwrap();
    /// assert_eq!(SmallEntries::new(&a).values(), Some(&[1.0, -2.0, 3.0, 4.0][..]));
    /// let big = exrank::ZMatrix::from_i64_rows(&[vec![1 << 60]]).unwrap();
    /// assert!(SmallEntries::new(&big).values().is_none());
    /// ```
    pub fn new(a: &'a ZMatrix) -> Self {
        let n = a.cols();
        let mut v = vec![0.0f64; a.rows() * n];
        let all_small = n == 0
            || v.par_chunks_mut(n)
                .enumerate()
                .with_min_len(16)
                .all(|(i, out)| {
                    a.row(i)
                        .iter()
                        .zip(out.iter_mut())
                        .all(|(x, o)| small_value(x).map(|y| *o = y).is_some())
                });
        SmallEntries {
            matrix: a,
            values: all_small.then_some(v),
            row_logs: OnceLock::new(),
        }
    }

    /// The matrix itself.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![5]]).unwrap();
    /// assert_eq!(exrank::modular::SmallEntries::new(&a).matrix(), &a);
    /// ```
    pub fn matrix(&self) -> &'a ZMatrix {
        self.matrix
    }

    /// The entries as doubles (row-major), or `None` when some entry is 2⁵¹ or more in
    /// absolute value.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![7, 8]]).unwrap();
    /// assert_eq!(exrank::modular::SmallEntries::new(&a).values(), Some(&[7.0, 8.0][..]));
    /// ```
    pub fn values(&self) -> Option<&[f64]> {
        self.values.as_deref()
    }

    /// log₂ of the row norms, computed once (rows in parallel). The lifting's cost model
    /// needs them; the exact rank has them computed beside a one-thread elimination,
    /// where the other cores would idle.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![0, 0]]).unwrap();
    /// let e = exrank::modular::SmallEntries::new(&a);
    /// assert_eq!(e.row_log_norms(), &[5f64.log2(), 0.0][..]); // ‖(3, 4)‖ = 5; 0 → log 1
    /// ```
    pub fn row_log_norms(&self) -> &[f64] {
        self.row_logs
            .get_or_init(|| row_log_norms(self.matrix, self.values()))
    }
}

/// log₂ of the row norms of `a` (whose entries as doubles are `values`, when given), rows
/// in parallel; a zero row counts as norm 1.
pub(super) fn row_log_norms(a: &ZMatrix, values: Option<&[f64]>) -> Vec<f64> {
    let n = a.cols().max(1);
    let log = |sq: f64| sq.max(1.0).log2() / 2.0;
    match values {
        Some(v) => v
            .par_chunks(n)
            .with_min_len(64)
            .map(|row| log(row.iter().map(|x| x * x).sum()))
            .collect(),
        // Small entries read without a GMP call (a tenth of the whole r = n − 1 run at
        // n = 1000 went here).
        None => (0..a.rows())
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                log(a
                    .row(i)
                    .iter()
                    .map(|x| small_value(x).unwrap_or_else(|| x.to_f64()).powi(2))
                    .sum())
            })
            .collect(),
    }
}
