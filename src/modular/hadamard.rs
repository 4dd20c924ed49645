//! Hadamard's bound on k×k minors, in exact integer arithmetic: |det M| ≤ ∏ ‖row‖ over
//! M's rows, and a row of a minor is a sub-row of A, so every k×k minor of A is bounded by
//! the product of the k largest row norms of A — and likewise by columns; the smaller of
//! the two is used. Everything is kept squared (∏ ‖row‖² is an integer), so no rounding can
//! make the bound too small.

use super::small_entries::SmallEntries;
use crate::ZMatrix;
use rayon::prelude::*;
use rug::Integer;

/// An exact sum of squares: word-size squares gather in a u128 (flushed into the big sum
/// before it can overflow), larger ones go to GMP directly.
#[derive(Clone, Default)]
struct SquareSum {
    small: u128,
    big: Integer,
}

impl SquareSum {
    /// Adds v² for |v| < 2⁵¹ (so v² < 2¹⁰²).
    #[inline]
    fn add_word(&mut self, v: i64) {
        self.small += (i128::from(v) * i128::from(v)) as u128;
        if self.small >= 1 << 120 {
            self.big += self.small;
            self.small = 0;
        }
    }

    fn add(&mut self, x: &Integer) {
        match x.to_i64() {
            Some(v) if v.unsigned_abs() < 1 << 51 => self.add_word(v),
            _ => self.big += Integer::from(x.square_ref()),
        }
    }

    fn total(self) -> Integer {
        self.big + self.small
    }
}

/// The squared Euclidean norms of a matrix's rows and columns, exact: every bound here is
/// a product of some of them, so they are computed once per matrix.
pub struct Norms {
    rows: Vec<Integer>,
    cols: Vec<Integer>,
}

impl Norms {
    /// The norms of `a`.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).minor_bound_sq(2), 25);
    /// ```
    pub fn of(a: &ZMatrix) -> Self {
        let rows = (0..a.rows())
            .into_par_iter()
            .map(|i| {
                let mut sum = SquareSum::default();
                a.row(i).iter().for_each(|x| sum.add(x));
                sum.total()
            })
            .collect();
        let mut cols = vec![SquareSum::default(); a.cols()];
        for i in 0..a.rows() {
            for (acc, x) in cols.iter_mut().zip(a.row(i)) {
                acc.add(x);
            }
        }
        Norms {
            rows,
            cols: cols.into_iter().map(SquareSum::total).collect(),
        }
    }

    /// The norms of the matrix `e` holds, from its doubles when its entries are small (no
    /// GMP form is made).
    ///
    /// ```
    /// use exrank::modular::{hadamard::Norms, SmallEntries};
    /// let e = SmallEntries::from_integers(2, 2, vec![3, 4, 1, 0]).unwrap();
    /// assert_eq!(Norms::of_entries(&e).minor_bound_sq(1), 16);
    /// ```
    pub fn of_entries(e: &SmallEntries) -> Self {
        let Some(v) = e.values() else {
            return Norms::of(e.matrix());
        };
        let n = e.cols();
        let word_sums = |row: &[f64], sum: &mut SquareSum| {
            row.iter().for_each(|&x| sum.add_word(x as i64)); // exact: |x| < 2⁵¹
        };
        let rows = if n == 0 {
            vec![Integer::new(); e.rows()]
        } else {
            v.par_chunks(n)
                .with_min_len(64)
                .map(|row| {
                    let mut sum = SquareSum::default();
                    word_sums(row, &mut sum);
                    sum.total()
                })
                .collect()
        };
        let mut cols = vec![SquareSum::default(); n];
        for row in v.chunks(n.max(1)).take(e.rows()) {
            for (acc, &x) in cols.iter_mut().zip(row) {
                acc.add_word(x as i64);
            }
        }
        Norms {
            rows,
            cols: cols.into_iter().map(SquareSum::total).collect(),
        }
    }

    /// B² where B bounds |det M| for every k×k minor M: see [`minor_bound_sq`].
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).minor_bound_sq(3), 0);
    /// ```
    pub fn minor_bound_sq(&self, k: usize) -> Integer {
        if k == 0 {
            return Integer::from(1);
        }
        if k > self.rows.len().min(self.cols.len()) {
            return Integer::new();
        }
        let by_rows = product_of_largest(self.rows.clone(), k);
        let by_cols = product_of_largest(self.cols.clone(), k);
        by_rows.min(by_cols)
    }

    /// B² for the largest minors that can be nonzero: see [`max_minor_bound_sq`].
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![0, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).max_minor_bound_sq(), 16);
    /// ```
    pub fn max_minor_bound_sq(&self) -> Integer {
        let nonzero = |v: &[Integer]| v.iter().filter(|x| **x != 0).count();
        let k = nonzero(&self.rows).min(nonzero(&self.cols));
        if k == 0 {
            return Integer::from(1);
        }
        product_of_largest(self.rows.clone(), k).min(product_of_largest(self.cols.clone(), k))
    }
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
    Norms::of(a).minor_bound_sq(k)
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
    Norms::of(a).max_minor_bound_sq()
}
