//! A matrix together with its entries as doubles, read once, when every entry is below
//! 2⁵¹ in absolute value; or such doubles alone, straight from a file's machine integers.
//!
//! Why: each entry of a [`ZMatrix`] is a GMP integer behind its own pointer, so a pass
//! over the matrix is one cache miss per entry (≈ 10 ms for 10⁶ entries). The exact rank
//! reads the matrix for the elimination mod p and again for the kernel check (row norms
//! for the cost model, B and the right-hand sides for the lifting); reading it once into
//! a flat row-major array, rows in parallel, turns the later passes into plain copies.
//!
//! And memory: a GMP matrix of small entries takes about 48 bytes an entry (a 16-byte
//! header and a heap limb), 4.5 GiB at 10000 × 10000, against the doubles' 8. Built with
//! [`SmallEntries::from_integers`], the engine holds the doubles only; the GMP form is made
//! on first use of [`SmallEntries::matrix`], which the paths that only eliminate (full
//! rank, the Hadamard route) and the lifting on small entries never ask for.

use super::reduce::small_value;
use crate::ZMatrix;
use rayon::prelude::*;
use rug::Integer;
use std::sync::OnceLock;

/// Entries below this in absolute value are held as doubles (exact, and with room for the
/// sums the reductions mod p form).
const SMALL_LIMIT: u64 = 1 << 51;

/// Where the GMP form comes from: the caller's matrix, or built from the doubles on demand.
enum Source<'a> {
    Given(&'a ZMatrix),
    Built(OnceLock<ZMatrix>),
}

/// A matrix and, when all its entries are small (|x| < 2⁵¹), a row-major copy as doubles.
pub struct SmallEntries<'a> {
    rows: usize,
    cols: usize,
    source: Source<'a>,
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
            rows: a.rows(),
            cols: n,
            source: Source::Given(a),
            values: all_small.then_some(v),
            row_logs: OnceLock::new(),
        }
    }

    /// The `rows × cols` matrix of the row-major machine integers `values`, held as
    /// doubles in the same allocation (no GMP integer is made until
    /// [`SmallEntries::matrix`] is called); `Err` gives `values` back when an entry is
    /// 2⁵¹ or more in absolute value.
    ///
    /// # Panics
    /// If `values.len() != rows * cols`.
    ///
    /// ```
    /// use exrank::modular::SmallEntries;
    /// let e = SmallEntries::from_integers(2, 2, vec![1, -2, 3, 4]).unwrap();
    /// assert_eq!(e.values(), Some(&[1.0, -2.0, 3.0, 4.0][..]));
    /// assert_eq!(e.matrix(), &exrank::ZMatrix::from_i64_rows(&[vec![1, -2], vec![3, 4]]).unwrap());
    /// assert_eq!(SmallEntries::from_integers(1, 1, vec![1 << 60]).err(), Some(vec![1 << 60]));
    /// ```
    pub fn from_integers(rows: usize, cols: usize, values: Vec<i64>) -> Result<Self, Vec<i64>> {
        assert_eq!(
            values.len(),
            rows * cols,
            "values must hold rows * cols entries"
        );
        let all_small = values
            .par_iter()
            .with_min_len(1 << 14)
            .all(|x| x.unsigned_abs() < SMALL_LIMIT);
        if !all_small {
            return Err(values);
        }
        // Same size and alignment: the standard library converts in place.
        let values: Vec<f64> = values.into_iter().map(|x| x as f64).collect();
        Ok(SmallEntries {
            rows,
            cols,
            source: Source::Built(OnceLock::new()),
            values: Some(values),
            row_logs: OnceLock::new(),
        })
    }

    /// Number of rows.
    ///
    /// ```
    /// assert_eq!(exrank::modular::SmallEntries::from_integers(1, 2, vec![0, 0]).unwrap().rows(), 1);
    /// ```
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    ///
    /// ```
    /// assert_eq!(exrank::modular::SmallEntries::from_integers(1, 2, vec![0, 0]).unwrap().cols(), 2);
    /// ```
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The matrix as GMP integers: the one given to [`SmallEntries::new`], or built from
    /// the doubles on the first call (rows in parallel) and kept.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![5]]).unwrap();
    /// assert_eq!(exrank::modular::SmallEntries::new(&a).matrix(), &a);
    /// ```
    pub fn matrix(&self) -> &ZMatrix {
        match &self.source {
            Source::Given(a) => a,
            Source::Built(cell) => cell.get_or_init(|| {
                let v = self
                    .values
                    .as_deref()
                    .expect("built only from small values");
                integers_from_values(self.rows, self.cols, v)
            }),
        }
    }

    /// Whether the GMP form exists: always after [`SmallEntries::new`]; after
    /// [`SmallEntries::from_integers`] only once [`SmallEntries::matrix`] was called (the
    /// memory the doubles-only path is there to save).
    ///
    /// ```
    /// let e = exrank::modular::SmallEntries::from_integers(1, 1, vec![3]).unwrap();
    /// assert!(!e.holds_gmp_matrix());
    /// let _ = e.matrix();
    /// assert!(e.holds_gmp_matrix());
    /// ```
    pub fn holds_gmp_matrix(&self) -> bool {
        match &self.source {
            Source::Given(_) => true,
            Source::Built(cell) => cell.get().is_some(),
        }
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

    /// True when every entry is zero.
    ///
    /// ```
    /// let e = exrank::modular::SmallEntries::from_integers(1, 2, vec![0, 0]).unwrap();
    /// assert!(e.is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        match self.values() {
            Some(v) => v.par_iter().with_min_len(1 << 14).all(|&x| x == 0.0),
            None => self.matrix().is_zero(),
        }
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
        self.row_logs.get_or_init(|| match self.values() {
            Some(v) => log_norms_of_values(v, self.cols),
            None => row_log_norms(self.matrix()),
        })
    }
}

/// The GMP matrix of small doubles (exact integers), rows in parallel; zeros stay
/// unallocated.
fn integers_from_values(rows: usize, cols: usize, v: &[f64]) -> ZMatrix {
    ZMatrix::from_rows_par(rows, cols, |i, out| {
        for (o, &x) in out.iter_mut().zip(&v[i * cols..(i + 1) * cols]) {
            if x != 0.0 {
                *o = Integer::from(x as i64);
            }
        }
    })
}

/// log₂ of the norms of the rows of the row-major doubles `v` with `cols` columns.
fn log_norms_of_values(v: &[f64], cols: usize) -> Vec<f64> {
    v.par_chunks(cols.max(1))
        .with_min_len(64)
        .map(|row| log_of_norm_sq(row.iter().map(|x| x * x).sum()))
        .collect()
}

/// log₂ of the row norms of `a`, rows in parallel; a zero row counts as norm 1. Small
/// entries are read without a GMP call (a tenth of the whole r = n − 1 run at n = 1000
/// went here).
pub(super) fn row_log_norms(a: &ZMatrix) -> Vec<f64> {
    (0..a.rows())
        .into_par_iter()
        .with_min_len(64)
        .map(|i| {
            log_of_norm_sq(
                a.row(i)
                    .iter()
                    .map(|x| small_value(x).unwrap_or_else(|| x.to_f64()).powi(2))
                    .sum(),
            )
        })
        .collect()
}

/// log₂ of a norm from its square; a zero row counts as norm 1.
fn log_of_norm_sq(sq: f64) -> f64 {
    sq.max(1.0).log2() / 2.0
}
